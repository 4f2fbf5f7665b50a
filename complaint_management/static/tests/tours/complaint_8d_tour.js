import { registry } from "@web/core/registry";

const { DateTime } = luxon;
const today = DateTime.now().toFormat("MM/dd/yyyy");
const nextWeek = DateTime.now().plus({ days: 7 }).toFormat("MM/dd/yyyy");

function fill(field, value, scope = "", tag = "input") {
    return {
        content: `Fill ${field}`,
        trigger: `${scope} .o_field_widget[name='${field}'] ${tag}`,
        run: `edit ${value}`,
    };
}

function write(field, value, scope = "") {
    return fill(field, value, scope, "textarea");
}

function pick(field, search, label, scope = "") {
    return [
        {
            content: `Type ${search} in ${field}`,
            trigger: `${scope} .o_field_widget[name='${field}'] input`,
            run: `edit ${search}`,
        },
        {
            content: `Choose ${label}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
    ];
}

function choose(field, label, scope = "") {
    return [
        {
            content: `Open ${field}`,
            trigger: `${scope} .o_field_widget[name='${field}'] .o_select_menu_toggler`,
            run: "click",
        },
        {
            content: `Choose ${label}`,
            trigger: `.o_select_menu_item:contains(${label})`,
            run: "click",
        },
    ];
}

function tick(field, scope = "") {
    return {
        content: `Tick ${field}`,
        trigger: `${scope} .o_field_widget[name='${field}'] input`,
        run: "check",
    };
}

function tab(label) {
    return {
        content: `Open ${label}`,
        trigger: `a.nav-link:contains(${label})`,
        run: "click",
    };
}

function addLine(list) {
    return {
        content: `Add a line to ${list}`,
        trigger: `.o_field_widget[name='${list}'] .o_field_x2many_list_row_add a`,
        run: "click",
    };
}

function save() {
    return [
        {
            content: "Save",
            trigger: ".o_form_button_save:enabled",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
    ];
}

/* The n-th line of an editable list, once it is the one being edited. */
function row(list, n) {
    return `.o_field_widget[name='${list}'] .o_data_row:nth-child(${n}).o_selected_row`;
}

function member(n, user, role) {
    const line = row("member_ids", n);
    return [addLine("member_ids"), ...pick("user_id", user, user, line), ...choose("role", role, line)];
}

const dialog = ".modal:not(.o_inactive_modal)";

/* Add the n-th corrective action in its dialog, implemented and verified today. */
function correctiveAction(n, name, cause) {
    return [
        addLine("corrective_action_ids"),
        fill("name", name, dialog),
        ...pick("cause_id", cause, cause, dialog),
        fill("date_due", nextWeek, dialog),
        fill("date_done", today, dialog),
        tick("criterion_improves", dialog),
        tick("criterion_no_new_problem", dialog),
        tick("criterion_no_recurrence", dialog),
        fill("date_verified", today, dialog),
        {
            content: "Save and close the action",
            trigger: `${dialog} .o_form_button_save`,
            run: "click",
        },
        {
            content: "The action is listed, verified",
            trigger: `.o_field_widget[name='corrective_action_ids'] .o_data_row:nth-child(${n}):contains(${name}):contains(Verified)`,
        },
    ];
}

/* A quality engineer starts the 8D of a serious complaint, fills D0 to D8 and
 * submits it to the QA manager. */
registry.category("web_tour.tours").add("complaint_8d_engineer_tour", {
    steps: () => [
        {
            content: "Start a new 8D report",
            trigger: ".o_list_button_add",
            run: "click",
        },
        ...pick("ticket_ids", "Housing bores", "Housing bores oversize"),
        ...save(),
        {
            content: "The 8D is named after the complaint and the product",
            trigger: ".o_field_widget[name='name']:contains(-AH-10)",
        },
        {
            content: "The first discipline blocks the approval",
            trigger: ".alert[name='alert_blocked']:contains(D0 Preparation)",
        },
        write("emergency_response", "Told the customer, blocked shipments, sorted the stock."),
        tab("D1 Team"),
        ...member(1, "Ethan Wu", "Team Leader"),
        ...member(2, "Grace Lin", "Champion"),
        ...member(3, "Olivia Chen", "Sales Representative"),
        ...member(4, "Ethan Wu", "Quality Engineer"),
        ...save(),
        tab("D2 Problem"),
        {
            content: "D2 is started from the complaint",
            trigger: ".o_field_widget[name='problem_who'] textarea:value(Brightline Appliances Co.)",
        },
        write("problem_where", "Customer's end-of-line test, pump line 2"),
        write("pause_note", "None."),
        tab("D3 Containment"),
        addLine("containment_action_ids"),
        fill(
            "name",
            "Sort the housings in stock",
            row("containment_action_ids", 1)
        ),
        ...choose(
            "containment_kind",
            "Quarantine",
            row("containment_action_ids", 1)
        ),
        fill("qty_checked", "3000", row("containment_action_ids", 1)),
        fill("qty_bad", "41", row("containment_action_ids", 1)),
        fill("date_due", today, row("containment_action_ids", 1)),
        fill("date_done", today, row("containment_action_ids", 1)),
        ...save(),
        tab("D4 Root Cause"),
        addLine("cause_ids"),
        ...choose("category", "Machine", row("cause_ids", 1)),
        write(
            "name",
            "Worn boring tool",
            row("cause_ids", 1)
        ),
        ...choose("method", "5-Why", row("cause_ids", 1)),
        tick("is_verified", row("cause_ids", 1)),
        addLine("cause_ids"),
        ...choose("cause_kind", "Escape Point", row("cause_ids", 2)),
        ...choose("category", "Measurement", row("cause_ids", 2)),
        write(
            "name",
            "Bore gauged once per shift only",
            row("cause_ids", 2)
        ),
        fill(
            "escape_point",
            "In-process bore gauging",
            row("cause_ids", 2)
        ),
        tick("is_verified", row("cause_ids", 2)),
        ...save(),
        tab("D5-D6 Corrective Actions"),
        ...correctiveAction(1, "Tool life counter on the boring spindle", "Worn boring tool"),
        ...correctiveAction(2, "Gauge every 50th bore", "Bore gauged once per shift"),
        ...save(),
        tab("D7 Prevention"),
        addLine("control_ids"),
        ...choose("document_type", "Control plan", dialog),
        fill("name", "CP-AH-10", dialog),
        fill("revision", "Rev. F", dialog),
        {
            content: "Save the control",
            trigger: `${dialog} .o_form_button_save`,
            run: "click",
        },
        {
            content: "The control is listed",
            trigger: ".o_field_widget[name='control_ids'] .o_data_row:contains(CP-AH-10)",
        },
        tab("D8 Closure"),
        write("closure_summary", "Contained in a day; tool life and gauging fixed."),
        write("recognition", "Thanked the machining team."),
        write("customer_feedback", "The cause is found and fixed; details in the report."),
        ...save(),
        {
            content: "Every discipline is complete",
            trigger: ".o_form_view:not(:has(.alert[name='alert_blocked']))",
        },
        {
            content: "The engineer proposed it: the QA manager starts it",
            trigger:
                ".alert[name='alert_proposed']:not(:has(button[name='action_start']))",
        },
    ],
});

/* The QA manager confirms the team the engineer proposed and starts the 8D. */
registry.category("web_tour.tours").add("complaint_8d_start_tour", {
    steps: () => [
        {
            content: "Confirm the team and start the 8D",
            trigger: "button[name='action_start']",
            run: "click",
        },
        {
            content: "It is in progress",
            trigger:
                ".o_field_widget[name='state'] .o_arrow_button_current:contains(In Progress)",
        },
    ],
});

/* The quality engineer submits the started 8D to the QA manager. */
registry.category("web_tour.tours").add("complaint_8d_submit_tour", {
    steps: () => [
        {
            content: "Submit the 8D to the QA manager",
            trigger: "button[name='action_request_approval']",
            run: "click",
        },
        {
            content: "It waits for the QA manager",
            trigger:
                ".o_field_widget[name='state'] .o_arrow_button_current:contains(Waiting Approval)",
        },
    ],
});

/* The QA manager approves the submitted 8D. */
registry.category("web_tour.tours").add("complaint_8d_approval_tour", {
    steps: () => [
        {
            content: "The 8D waits for approval",
            trigger: ".alert[name='alert_to_approve']",
        },
        {
            content: "Approve it",
            trigger: "button[name='validate_tier']",
            run: "click",
        },
        {
            content: "It is approved",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(Approved)",
        },
        {
            content: "And can be sent to the customer",
            trigger: "button[name='action_send_to_customer']",
        },
    ],
});
