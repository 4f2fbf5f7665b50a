import { registry } from "@web/core/registry";

/* The day the officer agrees with the customer, ten days from now, as typed in
   the date field (MM/DD/YYYY, the English format of the test user). */
function agreedDay() {
    const day = new Date();
    day.setDate(day.getDate() + 10);
    const pad = (n) => String(n).padStart(2, "0");
    return `${pad(day.getMonth() + 1)}/${pad(day.getDate())}/${day.getFullYear()}`;
}

/* The officer agrees with the customer the date of our answer (rules §15). */
registry.category("web_tour.tours").add("complaint_answer_date_agree_tour", {
    url: "/odoo/complaints",
    steps: () => [
        {
            content: "Look the complaint up",
            trigger: ".o_searchview_input",
            run: "edit Delivery short by one carton",
        },
        {
            content: "Search",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the complaint about the short delivery",
            trigger: ".o_data_row .o_data_cell:contains(Delivery short by one carton)",
            run: "click",
        },
        {
            content: "Agree an answer date with the customer",
            trigger: "button[name='action_agree_answer_date']",
            run: "click",
        },
        {
            content: "The day by which the customer hears from us",
            trigger: ".modal .o_field_widget[name='answer_date'] input",
            run: `edit ${agreedDay()}`,
        },
        {
            content: "What we promised",
            trigger: ".modal .o_field_widget[name='promise'] textarea",
            run: "edit The count of the cartons in our warehouse and the credit note.",
        },
        {
            content: "Agree",
            trigger: ".modal button[name='action_confirm']",
            run: "click",
        },
        {
            content: "The dialog closes",
            trigger: "body:not(:has(.modal))",
        },
        {
            content: "Go to the deadlines",
            trigger: "a.nav-link:contains(Deadlines)",
            run: "click",
        },
        {
            content: "The agreed date awaits our answer",
            trigger: ".o_field_widget[name='answer_state']:contains(Awaiting our answer)",
        },
    ],
});

/* The customer sees the agreed date on the complaint's portal page. */
registry.category("web_tour.tours").add("complaint_answer_date_portal_tour", {
    steps: () => [
        {
            content: "The page shows the date agreed for our answer",
            trigger: ".o_complaint_portal_promised:contains(/)",
        },
        {
            content: "and what we promised",
            trigger: ".o_complaint_portal_promise:contains(count of the cartons)",
        },
    ],
});
