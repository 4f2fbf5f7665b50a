import { registry } from "@web/core/registry";

/*
 * A Chinese-speaking quality manager goes through the complaint list, a complaint,
 * its 8D and its remedies (issue 15). On each screen every visible label, button,
 * stage, selection value and activity must be in Chinese: the tour collects the
 * text of the main content and fails, naming them, on the strings with an English
 * word. What users typed (names, titles, descriptions: the data widgets), the
 * chatter's messages and notes, and codes ("8D", "CC/2026/00001", "BC-200", "QA")
 * are not labels and are left out.
 */

// Subtrees holding data that users typed or chose, not labels of the screen.
const DATA = [
    ".o_field_char",
    ".o_field_text",
    ".o_field_html",
    ".o_field_many2one",
    ".o_field_many2one_avatar",
    ".o_field_many2one_avatar_user",
    ".o_field_many2many_tags",
    ".o_field_many2many_avatar_user",
    ".o_field_many2many_tags_avatar",
    ".o_field_email",
    ".o_field_phone",
    ".o_field_url",
    ".o_field_monetary",
    "td.o_list_char",
    "td.o_list_text",
    "td.o_list_many2one",
    "td.o_list_number",
    "td.o_many2many_tags_cell",
    "td.o_many2one_avatar_user_cell",
    "td.o_many2many_avatar_user_cell",
    // the record's name in the breadcrumbs
    ".o_breadcrumb .o_last_breadcrumb_item",
    ".o_breadcrumb .breadcrumb-item:not(:first-child)",
    // the chatter's messages, followers and the text written in activities
    ".o-mail-Thread",
    ".o-mail-Followers",
    ".o-mail-Activity-note",
    ".o-mail-Activity-user",
    ".o-mail-Activity-details",
    // help texts in tooltips, never shown without hovering
    ".o_field_widget + sup",
    "script",
    "style",
];

// A word of three letters or more with a lower-case letter: English, not a code.
const ENGLISH_WORD = /\b(?=[A-Za-z]*[a-z])[A-Za-z]{3,}\b/;

function englishOnScreen() {
    const root = document.querySelector(".o_action_manager");
    const found = new Set();
    let labels = 0;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const element = node.parentElement;
        const text = node.textContent.replace(/\s+/g, " ").trim();
        if (!text || element.closest(DATA.join(",")) || !element.checkVisibility()) {
            continue;
        }
        labels++;
        if (ENGLISH_WORD.test(text)) {
            found.add(text);
        }
    }
    // what the titles and placeholders say is read too
    for (const element of root.querySelectorAll("[placeholder], button[title]")) {
        const placeholder = element.getAttribute("placeholder");
        const text = (placeholder || element.title || "").trim();
        if (
            ENGLISH_WORD.test(text) &&
            (placeholder || !element.closest(DATA.join(","))) &&
            element.checkVisibility()
        ) {
            found.add(text);
        }
    }
    if (labels < 10) {
        // not a screen yet: a check that reads nothing proves nothing
        found.add(`only ${labels} labels found on the screen`);
    }
    return [...found];
}

/* The check of a screen, once ``ready`` (e.g. its chatter's activities) is shown. */
function allChinese(screen, ready = ".o_action_manager") {
    return {
        content: `Everything on the ${screen} is in Chinese`,
        trigger: ready,
        run() {
            const english = englishOnScreen();
            if (english.length) {
                throw new Error(
                    `English on the ${screen}: ${english.map((t) => JSON.stringify(t)).join(", ")}`
                );
            }
        },
    };
}

registry.category("web_tour.tours").add("complaint_management_chinese_tour", {
    steps: () => [
        {
            content: "The complaint list is shown",
            trigger: ".o_list_view .o_data_row",
        },
        allChinese("complaint list"),
        {
            content: "Look the complaint up: the most urgent come first in the list",
            trigger: ".o_searchview_input",
            run: "edit assembly line stopped",
        },
        {
            content: "Search by ticket number or title",
            trigger: ".o_searchview_input",
            run: "press Enter",
        },
        {
            content: "Open the complaint whose line stopped",
            trigger: ".o_data_row td[name='name']:contains(assembly line stopped)",
            run: "click",
        },
        {
            content: "The complaint form is shown, with its 8D",
            trigger: ".o_form_view button[name='action_view_8d']",
        },
        allChinese("complaint form", ".o-mail-Chatter .o-mail-Activity"),
        {
            content: "Open the 8D",
            trigger: ".o_form_view button[name='action_view_8d']",
            run: "click",
        },
        {
            content: "The 8D form is shown",
            trigger: ".o_form_view .o_field_widget[name='ticket_ids']",
        },
        allChinese("8D", ".o-mail-Chatter .o-mail-Message"),
        {
            content: "Back to the complaint",
            trigger: ".o_breadcrumb .breadcrumb-item:last-child a",
            run: "click",
        },
        {
            content: "Open the remedies of the complaint",
            trigger: ".o_form_view button[name='action_view_remedies']",
            run: "click",
        },
        {
            content: "The remedies are listed",
            trigger: ".o_list_view .o_data_row",
        },
        allChinese("remedy list"),
        {
            content: "Open the remedy",
            trigger: ".o_list_view .o_data_row:first-child td.o_data_cell",
            run: "click",
        },
        {
            content: "The remedy form is shown",
            trigger: ".o_form_view .o_field_widget[name='remedy_type']",
        },
        allChinese("remedy form", ".o-mail-Chatter .o-mail-Activity"),
    ],
});
