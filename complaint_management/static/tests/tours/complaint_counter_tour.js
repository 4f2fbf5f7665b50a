import { registry } from "@web/core/registry";

/* The front desk calls the fresh-food department to the counter. */
registry.category("web_tour.tours").add("complaint_counter_call_tour", {
    steps: () => [
        {
            content: "Open the counter tab of the complaint",
            trigger: "a.nav-link:contains(Counter)",
            run: "click",
        },
        {
            content: "The department concerned is Fresh Food",
            trigger: ".o_field_widget[name='department_team_id'] input:value(Fresh Food Department)",
        },
        {
            content: "Call it to the counter",
            trigger: "button[name='action_call_department']",
            run: "click",
        },
        {
            content: "The department is called, with its limit",
            trigger: ".o_field_widget[name='department_state']:contains(Department Called)",
        },
        {
            trigger: ".o_field_widget[name='department_deadline']",
        },
    ],
});

/* The department's team leader confirms the problem and signs the register. */
registry.category("web_tour.tours").add("complaint_counter_sign_tour", {
    steps: () => [
        {
            content: "Confirm at the counter",
            trigger: "button[name='action_department_confirm']",
            run: "click",
        },
        {
            content: "The quality problem is confirmed",
            trigger: ".modal .o_field_widget[name='finding'] input[data-value='confirmed']",
            run: "click",
        },
        {
            content: "Say what was found",
            trigger: ".modal .o_field_widget[name='note'] textarea",
            run: "edit Sour three days before its date",
        },
        {
            content: "Sign the register",
            trigger: ".modal .o_field_widget[name='signature'] .o_signature",
            run: "click",
        },
        {
            content: "The signature is drawn from the name",
            trigger: ".modal canvas.o_web_sign_signature",
            run: "canvasNotEmpty",
        },
        {
            content: "Adopt the signature",
            trigger: ".modal button.btn-primary:contains(Adopt):enabled",
            run: "click",
        },
        {
            content: "The signature is on the form",
            trigger: ".modal .o_field_widget[name='signature'] img.o_signature",
        },
        {
            content: "Sign and confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "Back on the complaint: open the counter tab",
            trigger: "body:not(:has(.modal)) a.nav-link:contains(Counter)",
            run: "click",
        },
        {
            content: "The department confirmed it",
            trigger: ".o_field_widget[name='department_state']:contains(Confirmed by the Department)",
        },
    ],
});
