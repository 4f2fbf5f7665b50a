import { registry } from "@web/core/registry";

/* The customer is still unhappy: the officer records it with the reason, and
   arranges a meeting with a more senior manager in the reception room. */
registry.category("web_tour.tours").add("complaint_three_change_tour", {
    steps: () => [
        {
            content: "The customer says they are still not satisfied",
            trigger: "button[name='action_customer_unhappy']",
            run: "click",
        },
        {
            content: "Say what the customer is unhappy about",
            trigger: ".modal .o_field_widget[name='reason'] textarea",
            run: "edit The customer wants to talk to someone who can decide.",
        },
        {
            content: "Change the place",
            trigger: ".modal .o_field_widget[name='change_place'] input",
            run: "click",
        },
        {
            content: "Change the time",
            trigger: ".modal .o_field_widget[name='change_time'] input",
            run: "click",
        },
        {
            content: "Where the customer is received",
            trigger: ".modal .o_field_widget[name='location'] input",
            run: "edit Reception room, first floor",
        },
        {
            content: "The senior manager is proposed by the escalation ladder",
            trigger:
                ".modal .o_field_widget[name='manager_id'] input:value(\"Grace Lin (QA Manager)\")",
        },
        {
            content: "Confirm",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The step is kept on the complaint",
            trigger: "a.nav-link:contains(Three Changes)",
            run: "click",
        },
        {
            content: "With the meeting's place",
            trigger:
                ".o_field_widget[name='three_change_ids'] .o_data_row:contains(Reception room, first floor)",
        },
    ],
});
