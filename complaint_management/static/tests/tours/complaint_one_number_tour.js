import { registry } from "@web/core/registry";

/*
 * What the front-desk officer sees (rules §11.6): one number per complaint and a
 * list that fits the screen. The tours count and read what is on the screen, as
 * the officer sees it, and fail naming what they found.
 */

// The most columns the complaint list shows before the officer asks for more.
const MAX_COLUMNS = 8;
// A helpdesk ticket number as helpdesk_mgmt draws it (sequence prefix "HT").
const TICKET_NUMBER = /\bHT\d+\b/;

/* The column titles of the list on the screen: the header cells of its fields and
 * buttons, without the selection box and the optional columns' toggle. */
function listColumns() {
    const header = document.querySelector(".o_list_renderer thead tr");
    const cells = header.querySelectorAll(
        ":scope > th:not(.o_list_record_selector):not(.o_list_open_form_view):not(.o_list_actions_header)"
    );
    return [...cells].map((th) => th.textContent.replace(/\s+/g, " ").trim() || "(no title)");
}

function fail(message) {
    throw new Error(message);
}

/* The officer opens the Complaints app: the list shows at most eight columns,
 * numbered by the complaint number, not a ticket number. */
registry.category("web_tour.tours").add("complaint_management_list_columns_tour", {
    steps: () => [
        {
            content: "The complaint list is shown with its complaints",
            trigger: ".o_list_view .o_data_row td[name='number']",
        },
        {
            content: `The list shows at most ${MAX_COLUMNS} columns`,
            trigger: ".o_list_renderer thead th[data-name='number']",
            run() {
                const columns = listColumns();
                if (columns.length > MAX_COLUMNS) {
                    fail(
                        `The complaint list shows ${columns.length} columns, more than ` +
                            `${MAX_COLUMNS}: ${columns.join(", ")}`
                    );
                }
            },
        },
        {
            content: "Each complaint has one number, its complaint number",
            trigger: ".o_list_view .o_data_row",
            run() {
                const table = document.querySelector(".o_list_renderer table");
                if (TICKET_NUMBER.test(table.textContent)) {
                    fail(`A ticket number shows in the complaint list: ${table.textContent.match(TICKET_NUMBER)[0]}`);
                }
                const headers = listColumns().join(", ");
                if ((headers.match(/number/gi) || []).length > 1) {
                    fail(`The complaint list has two number columns: ${headers}`);
                }
            },
        },
    ],
});

// The number the officer read in the list, then finds on the form.
let listed = "";

/* The officer looks a complaint up by its number and opens it: the form's title is
 * that number, and no other number shows on the form. */
registry.category("web_tour.tours").add("complaint_management_one_number_tour", {
    steps: () => [
        {
            content: "Read the number of the first complaint of the list",
            trigger: ".o_list_view .o_data_row:first td[name='number']",
            run() {
                listed = this.anchor.textContent.trim();
                if (!listed) {
                    fail("The first complaint of the list shows no number");
                }
            },
        },
        {
            content: "Search the complaint by its number",
            trigger: ".o_searchview_input",
            async run(helpers) {
                await helpers.edit(listed);
            },
        },
        {
            content: "Search by ticket number or title",
            trigger: ".o_searchview_autocomplete .o-dropdown-item:first",
            run: "click",
        },
        {
            content: "The search finds the complaint by its number, and only it",
            trigger: ".o_searchview_facet",
            async run() {
                // the list reloads once the facet is shown: read it when it holds
                // what was found (a few seconds at most)
                let numbers = [];
                for (let attempt = 0; attempt < 50; attempt++) {
                    const rows = document.querySelectorAll(".o_list_view .o_data_row");
                    numbers = [...rows].map(
                        (row) => row.querySelector("td[name='number']").textContent.trim()
                    );
                    if (numbers.length === 1) {
                        break;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
                if (numbers.length !== 1 || numbers[0] !== listed) {
                    fail(`Searching ${listed} found ${numbers.join(", ") || "nothing"}`);
                }
            },
        },
        {
            content: "Open the complaint",
            trigger: ".o_list_view .o_data_row td[name='name']",
            run: "click",
        },
        {
            content: "The form's title is the complaint number",
            trigger: ".o_form_view .oe_title h1 .o_field_widget[name='number']",
            run() {
                const title = this.anchor.textContent.trim();
                if (title !== listed) {
                    fail(`The form's title reads ${title}, the list ${listed}`);
                }
            },
        },
        {
            content: "No second number on the form",
            trigger: ".o_form_view .o_form_sheet",
            run() {
                const heading = document.querySelector(".o_form_view .oe_title h1");
                const numbers = [...heading.querySelectorAll(".o_field_char, .o_field_widget")]
                    .map((field) => field.textContent.trim())
                    .filter((text) => /\d/.test(text) && text !== listed);
                if (numbers.length) {
                    fail(`The form's title shows a second number: ${numbers.join(", ")}`);
                }
                const sheet = this.anchor.textContent;
                if (TICKET_NUMBER.test(sheet)) {
                    fail(`The form shows a ticket number: ${sheet.match(TICKET_NUMBER)[0]}`);
                }
                const breadcrumb = document.querySelector(".o_breadcrumb").textContent;
                if (!breadcrumb.includes(listed) || TICKET_NUMBER.test(breadcrumb)) {
                    fail(`The breadcrumb reads ${breadcrumb.trim()}`);
                }
            },
        },
    ],
});
