import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

function pickMany2one(field, search, label) {
    return [
        {
            content: `Type ${search} in ${field}`,
            trigger: `.o_field_widget[name='${field}'] input`,
            run: `edit ${search}`,
        },
        {
            content: `Choose ${label}`,
            trigger: `.o-autocomplete--dropdown-item a:contains(${label})`,
            run: "click",
        },
    ];
}

function fill(field, value) {
    return {
        content: `Fill ${field}`,
        trigger: `.o_field_widget[name='${field}'] input`,
        run: `edit ${value}`,
    };
}

/* A front-desk officer takes a complaint on the phone and hands it over to QA. */
registry.category("web_tour.tours").add("complaint_management_intake_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Complaints app",
            trigger: ".o_app[data-menu-xmlid='complaint_management.menu_complaint_root']",
            run: "click",
        },
        {
            content: "Record a new complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Title of the complaint",
            trigger: ".o_field_widget[name='name'] input",
            run: "edit Calipers leak at the bleed screw",
        },
        ...pickMany2one("team_id", "Customer Complaints", "Customer Complaints"),
        ...pickMany2one("channel_id", "Phone", "Phone"),
        ...pickMany2one("partner_id", "Acme Motors", "Acme Motors Ltd."),
        ...pickMany2one("product_id", "BC-200", "Brake Caliper BC-200"),
        {
            content: "The intake banner lists what is still missing",
            trigger: ".alert-warning[name='alert_intake']:contains(Defect Type)",
        },
        ...pickMany2one("defect_type_id", "FUN", "Functional failure"),
        fill("shipped_date", "01/15/2026"),
        fill("shipped_qty", "2000"),
        fill("lot_qty", "500"),
        fill("defect_qty", "25"),
        {
            content: "Where the customer found it",
            trigger: ".o_field_widget[name='detection_stage'] .o_select_menu_toggler",
            run: "click",
        },
        {
            content: "At the customer's assembly",
            trigger: ".o_select_menu_item:contains(Production / Assembly)",
            run: "click",
        },
        {
            content: "The defect rate is computed",
            trigger: ".o_field_widget[name='defect_rate']:contains(5.00)",
        },
        {
            content: "Open the description",
            trigger: "a.nav-link:contains(Description)",
            run: "click",
        },
        {
            content: "Describe the problem",
            trigger: ".o_field_html[name='description'] .odoo-editor-editable",
            run: "editor 25 calipers leak brake fluid at the bleed screw.",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The complaint is numbered and graded serious",
            trigger: ".oe_title h1 .o_field_widget[name='number']:contains(CC/)",
        },
        {
            content: "Hand it over to QA",
            trigger: "button[name='action_hand_over_to_qa']",
            run: "click",
        },
        {
            content: "It is with QA, in the QA Review stage",
            trigger: ".o_field_widget[name='stage_id'] .o_arrow_button_current:contains(QA Review)",
        },
        {
            content: "And the hand-over button is gone",
            trigger: "body:not(:has(button[name='action_hand_over_to_qa']))",
        },
    ],
});
