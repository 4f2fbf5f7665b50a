import { registry } from "@web/core/registry";

/* A customer files a complaint in the portal and follows it. */
registry.category("web_tour.tours").add("complaint_portal_file_tour", {
    url: "/my/complaint/new",
    steps: () => [
        {
            content: "Say what the complaint is about",
            trigger: "form.o_complaint_portal_form input[name='name']",
            run: "edit Cracked calipers in lot L-88",
        },
        {
            content: "Choose the product bought",
            trigger: "select[name='product_id']",
            run: "selectByLabel Caliper",
        },
        {
            content: "The lot",
            trigger: "input[name='lot_number']",
            run: "edit L-88",
        },
        {
            content: "How many are defective",
            trigger: "input[name='defect_qty']",
            run: "edit 7",
        },
        {
            content: "Where it was found",
            trigger: "select[name='detection_stage']",
            run: "selectByLabel Incoming inspection",
        },
        {
            content: "What is wrong",
            trigger: "textarea[name='description']",
            run: "edit Seven calipers arrived with cracked housings.",
        },
        {
            content: "What the customer asks for",
            trigger: "select[name='requested_resolution']",
            run: "selectByLabel Replacement",
        },
        {
            content: "Send the complaint",
            trigger: "button.o_complaint_portal_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint's page shows its number",
            trigger: ".o_complaint_portal_number:contains(CC/)",
        },
        {
            content: "and, truthfully, that no date for the answer is agreed yet",
            trigger: ".o_complaint_portal_promised_none",
        },
        {
            content: "Go to the list of tickets",
            trigger: ".o_portal_submenu a:contains(Tickets)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The complaint is listed; open it",
            trigger: "a:contains(Cracked calipers in lot L-88)",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "Its status is shown",
            trigger: ".o_complaint_portal_status",
        },
    ],
});

/* The complaint was handled: the customer says how satisfied they are. */
registry.category("web_tour.tours").add("complaint_portal_satisfaction_tour", {
    steps: () => [
        {
            content: "The satisfaction question is asked",
            trigger: ".o_complaint_portal_satisfaction_form",
        },
        {
            content: "Happy",
            trigger: "input[name='satisfaction'][value='4']",
            run: "click",
        },
        {
            content: "A word for the team",
            trigger: ".o_complaint_portal_satisfaction_form textarea[name='comment']",
            run: "edit Quick replacement, thank you.",
        },
        {
            content: "Send the answer",
            trigger: "button.o_complaint_portal_satisfaction_submit",
            run: "click",
            expectUnloadPage: true,
        },
        {
            content: "The answer is thanked for and shown",
            trigger: ".o_complaint_portal_notice",
        },
        {
            content: "The satisfaction given is shown",
            trigger: ".o_complaint_portal_satisfaction_answer",
        },
    ],
});
