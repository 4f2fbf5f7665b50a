import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

/**
 * The spreadsheet model of the dashboard shown, found in the web client's
 * component tree (the grid and the scorecards are drawn on canvases).
 */
function dashboardModel() {
    const stack = [odoo.__WOWL_DEBUG__.root.__owl__];
    while (stack.length) {
        const node = stack.pop();
        const model = node.component?.props?.model;
        if (model?.getters?.getEvaluatedCell) {
            return model;
        }
        stack.push(...Object.values(node.children));
    }
    return undefined;
}

/** The value of a cell of the dashboard's Data sheet, once its pivots loaded. */
async function dataCell(col, row) {
    for (let attempt = 0; attempt < 100; attempt++) {
        const model = dashboardModel();
        if (model) {
            const sheetId = model.getters.getSheetIdByName("Data");
            const cell = model.getters.getEvaluatedCell({ sheetId, col, row });
            if (cell.value !== "Loading..." && cell.type !== "empty") {
                return cell;
            }
        }
        await new Promise((resolve) => setTimeout(resolve, 200));
    }
    throw new Error("The dashboard's figures did not load");
}

registry.category("web_tour.tours").add("complaint_management_dashboard_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Dashboards app",
            trigger: ".o_app[data-menu-xmlid='spreadsheet_dashboard.spreadsheet_dashboard_menu_root']",
            run: "click",
        },
        {
            content: "Choose the Complaints dashboard",
            trigger: ".o_search_panel_category_value[data-name='Complaints']",
            run: "click",
        },
        {
            content: "The Complaints dashboard is the one shown",
            trigger: ".o_search_panel_category_value.active[data-name='Complaints']",
        },
        {
            content: "Its period filter is shown",
            trigger: ".o_spreadsheet_dashboard_action .o_control_panel:contains(Last 12 Months)",
        },
        {
            content: "The complaints received in the period are counted",
            trigger: ".o_spreadsheet_dashboard_action .o-spreadsheet",
            async run() {
                // Data!B1: the complaints received in the period (Received)
                const received = await dataCell(1, 0);
                if (typeof received.value !== "number" || received.value <= 0) {
                    throw new Error(`Received is ${JSON.stringify(received.value)}`);
                }
                // Data!C5: the deadlines met on time, as shown on its scorecard
                const onTime = await dataCell(2, 4);
                if (!/%$/.test(onTime.value)) {
                    throw new Error(`On time is ${JSON.stringify(onTime.value)}`);
                }
                document.body.classList.add("o_complaint_dashboard_checked");
            },
        },
        {
            content: "The figures were checked",
            trigger: "body.o_complaint_dashboard_checked",
        },
    ],
});
