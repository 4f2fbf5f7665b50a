import { registry } from "@web/core/registry";

/* A front-desk officer offers a 150 refund on a complaint and asks for approval. */
registry.category("web_tour.tours").add("complaint_remedy_propose_tour", {
    url: "/odoo/complaints",
    steps: () => [
        {
            content: "Look the complaint up: the most urgent come first in the list",
            trigger: ".o_searchview_input",
            run: "edit Kettles labelled 110 V",
        },
        {
            content: "Search by ticket number or title",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the complaint about the mislabelled kettles",
            trigger: ".o_data_row .o_data_cell:contains(Kettles labelled 110 V)",
            run: "click",
        },
        {
            content: "Go to its remedies",
            trigger: "a.nav-link:contains(Remedies)",
            run: "click",
        },
        {
            content: "Propose a remedy",
            trigger: "button[name='action_propose_remedy']",
            run: "click",
        },
        {
            content: "The remedy form opens for this complaint",
            trigger: ".o_form_view .o_field_widget[name='ticket_id'] input",
        },
        {
            content: "Refund 150",
            trigger: ".o_field_widget[name='amount'] input",
            run: "edit 150",
        },
        {
            content: "Tell the customer what we offer",
            trigger: ".o_field_html[name='description'] .odoo-editor-editable",
            run: "editor We refund the mislabelled kettles you returned.",
        },
        {
            content: "Ask for approval",
            trigger: "button[name='action_request_approval']",
            run: "click",
        },
        {
            content: "It waits for approval",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(To Approve)",
        },
        {
            content: "By the deputy store manager, as 150 calls for",
            trigger: ".alert[name='alert_to_approve']:contains(Deputy Store Manager)",
        },
    ],
});

/* The deputy store manager approves it from the list of remedies to approve. */
registry.category("web_tour.tours").add("complaint_remedy_approve_tour", {
    url: "/odoo/complaint-remedies-to-approve",
    steps: () => [
        {
            content: "Open the refund for the mislabelled kettles",
            trigger: ".o_data_row .o_data_cell:contains(Kettles labelled 110 V)",
            run: "click",
        },
        {
            content: "The approver sees the customer's history",
            trigger: "div[name='customer_history']:contains(other remedies)",
        },
        {
            content: "Approve",
            trigger: "button[name='validate_tier']",
            run: "click",
        },
        {
            content: "Say why",
            trigger: ".modal .o_field_widget[name='comment'] input",
            run: "edit Kettles received back at the counter.",
        },
        {
            content: "Confirm the approval",
            trigger: ".modal button[name='add_comment']",
            run: "click",
        },
        {
            content: "The remedy is approved",
            trigger: ".o_field_widget[name='state'] .o_arrow_button_current:contains(Approved)",
        },
        {
            content: "And its credit note is drafted",
            trigger: ".o_field_widget[name='credit_note_id']",
        },
    ],
});
