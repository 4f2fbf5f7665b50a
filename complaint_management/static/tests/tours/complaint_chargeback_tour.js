import { registry } from "@web/core/registry";

/* The quality engineer charges the casting supplier back from its complaint. */
registry.category("web_tour.tours").add("complaint_chargeback_request_tour", {
    url: "/odoo/complaints",
    steps: () => [
        {
            content: "Look the complaint up: the most urgent come first in the list",
            trigger: ".o_searchview_input",
            run: "edit Brake calipers leak",
        },
        {
            content: "Search by ticket number or title",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the complaint about the leaking calipers",
            trigger: ".o_data_row .o_data_cell:contains(Brake calipers leak, assembly line stopped)",
            run: "click",
        },
        {
            content: "Open its chargebacks",
            trigger: "button[name='action_view_chargebacks']",
            run: "click",
        },
        {
            content: "Start a new chargeback",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "It is addressed to the complaint's supplier",
            trigger: ".o_field_widget[name='partner_id'] input:value(Precision Castings Co.)",
        },
        {
            content: "Save it",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Propose the costs from the complaint",
            trigger: "button[name='action_propose_lines']",
            run: "click",
        },
        {
            content: "The 8D's sorting of 1,000 calipers is proposed",
            trigger: ".o_field_widget[name='line_ids'] .o_data_row:contains(Sorting and rework labour)",
        },
        {
            content: "Ask for approval",
            trigger: "button[name='action_request_approval']",
            run: "click",
        },
        {
            content: "It waits for the QA manager",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(To Approve)",
        },
    ],
});

/* The QA manager approves it. */
registry.category("web_tour.tours").add("complaint_chargeback_approve_tour", {
    url: "/odoo/complaint-chargebacks",
    steps: () => [
        {
            content: "Open the chargeback waiting for approval",
            trigger: ".o_data_row:has(.o_data_cell:contains(To Approve)) .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Approve",
            trigger: "button[name='validate_tier']",
            run: "click",
        },
        {
            content: "It is approved",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(Approved)",
        },
    ],
});

/* The quality engineer sends it and records the supplier's acceptance. */
registry.category("web_tour.tours").add("complaint_chargeback_send_tour", {
    url: "/odoo/complaint-chargebacks",
    steps: () => [
        {
            content: "Open the approved chargeback",
            trigger: ".o_data_row:has(.o_data_cell:contains(Approved)) .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Send the debit note to the supplier",
            trigger: "button[name='action_send']",
            run: "click",
        },
        {
            content: "It is with the supplier",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(Sent)",
        },
        {
            content: "The supplier accepted by mail: record it",
            trigger: "button[name='action_record_answer']",
            run: "click",
        },
        {
            content: "Confirm the acceptance",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The supplier's answer shows",
            trigger: ".alert[name='alert_answer']:contains(Accepted)",
        },
    ],
});

/* Finance settles it by a vendor credit note. */
registry.category("web_tour.tours").add("complaint_chargeback_settle_tour", {
    url: "/odoo/complaint-chargebacks",
    steps: () => [
        {
            content: "Open the accepted chargeback",
            trigger: ".o_data_row:has(.o_data_cell:contains(Accepted)) .o_data_cell[name='name']",
            run: "click",
        },
        {
            content: "Settle it",
            trigger: "button[name='action_settle']",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "It is settled",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(Settled)",
        },
    ],
});
