import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_utils";

registry.category("web_tour.tours").add("complaint_management_open_list_tour", {
    url: "/odoo",
    steps: () => [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Complaints app",
            trigger: ".o_app[data-menu-xmlid='complaint_management.menu_complaint_root']",
            run: "click",
        },
        {
            content: "The complaint list is shown",
            trigger: ".o_breadcrumb:contains(Complaints)",
        },
        {
            content: "It is a list view",
            trigger: ".o_list_view",
        },
    ],
});
