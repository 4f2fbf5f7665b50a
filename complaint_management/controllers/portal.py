"""The customer's complaints in the portal (rules §2, §4, §6, §8, §11.3).

helpdesk_mgmt's ticket routes, extended: a customer files a complaint, follows
it, answers the remedies offered, downloads the approved 8D report and says
whether they are satisfied. Portal users have no access of their own to the
addon's models: every route checks that the complaint is the customer's (their
commercial partner, or the complaint's access token from an e-mail) and then
reads or writes with ``sudo()`` only what the page shows.
"""

import re

import werkzeug

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.fields import Domain
from odoo.http import content_disposition, request
from odoo.tools import consteq

from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk

from ..models.helpdesk_ticket_portal import portal_id


def complaint_check_access(ticket_id, access_token=None):
    """The complaint ``ticket_id``, sudoed, if the visitor may see it: the
    complaint's access token, or a logged-in user of the complaint's customer.
    Raises ``MissingError`` or ``AccessError`` otherwise."""
    Ticket = request.env["helpdesk.ticket"].sudo()
    ticket_sudo = Ticket.browse(portal_id(ticket_id) or []).exists()
    if not ticket_sudo or not ticket_sudo.is_complaint:
        raise MissingError(request.env._("This complaint does not exist."))
    token = ticket_sudo.access_token
    if access_token and token and consteq(token, access_token):
        return ticket_sudo
    user = request.env.user
    if not user._is_public() and ticket_sudo._portal_is_customer(user.partner_id):
        return ticket_sudo
    raise AccessError(request.env._("This complaint is not yours."))


def selection(field_name):
    """The choices of a complaint field, in the visitor's language."""
    field = request.env["helpdesk.ticket"]._fields[field_name]
    return field._description_selection(request.env)


def customer_language(ticket):
    """Pages reached from an e-mail link, without logging in, speak the
    customer's language."""
    if request.env.user._is_public() and ticket.partner_id.lang:
        request.update_context(lang=ticket.partner_id.lang)


class PortalRefusal(str):
    """A refusal of the server, to show on the complaint's page: the page shows
    these only, never a message written into its address."""


def refusal(kwargs):
    """The server's refusal passed to a page, if any (not one from the address)."""
    error = kwargs.get("complaint_error")
    return error if isinstance(error, PortalRefusal) else None


def complaint_page_url(ticket, access_token=None):
    if access_token:
        return f"/my/ticket/{ticket.id}/{access_token}"
    return f"/my/ticket/{ticket.id}"


class ComplaintCustomerPortal(CustomerPortalHelpdesk):
    # Lists
    def _ticket_get_search_domain(self, search_in, search):
        domain = super()._ticket_get_search_domain(search_in, search)
        if search_in in ("number", "all"):
            domain = Domain.OR([domain, [("complaint_number", "ilike", search)]])
        return domain

    # The complaint's page
    def _ticket_get_page_view_values(self, ticket, access_token, **kwargs):
        values = super()._ticket_get_page_view_values(ticket, access_token, **kwargs)
        complaint = False
        if ticket.is_complaint:
            try:
                complaint = complaint_check_access(ticket.id, access_token)
            except (AccessError, MissingError):
                complaint = False
        if complaint:
            customer_language(complaint)
            values.update(self._complaint_page_values(complaint, access_token, kwargs))
        return values

    def _complaint_page_values(self, ticket, access_token, kwargs):
        """What the complaint's page shows its customer, and nothing more."""
        notices = {
            "accepted": request.env._("Thank you: you accepted the remedy."),
            "declined": request.env._(
                "Thank you: you declined the remedy. We will come back to you."
            ),
            "satisfaction": request.env._("Thank you for your answer."),
        }
        return {
            "complaint": ticket,
            "complaint_token": access_token or "",
            "complaint_promised_date": ticket._portal_promised_date(),
            "complaint_promise": ticket._portal_promise(),
            "complaint_remedies": ticket.remedy_ids._portal_offered(),
            "complaint_reports": ticket._portal_approved_8ds(),
            "complaint_attachments": ticket._portal_attachments(),
            "complaint_satisfaction_open": ticket._portal_satisfaction_open(),
            "complaint_satisfaction": selection("satisfaction"),
            "complaint_detection_stages": dict(selection("detection_stage")),
            "complaint_resolutions": dict(selection("requested_resolution")),
            "complaint_notice": notices.get(kwargs.get("notice")),
            "complaint_error": refusal(kwargs),
        }

    def _complaint_error_page(self, ticket_id, access_token, error):
        return self.portal_my_ticket(
            ticket_id, access_token=access_token, complaint_error=PortalRefusal(error)
        )

    # Filing a complaint
    def _complaint_form_values(self, form=None, error=None):
        partner = request.env.user.partner_id
        company = request.env.company
        Ticket = request.env["helpdesk.ticket"]
        return {
            "page_name": "complaint_new",
            "teams": Ticket._portal_complaint_teams(company),
            "products": Ticket._portal_complaint_products(partner, company),
            "detection_stages": selection("detection_stage"),
            "resolutions": selection("requested_resolution"),
            "max_mb": company.complaint_portal_attachment_mb,
            "form": form or {},
            "error": error,
        }

    # the pages that only read run on the read replica when there is one
    # (readonly=True); the forms they post to write, on the primary
    @http.route(
        "/my/complaint/new",
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_complaint_new(self, **kw):
        values = self._prepare_portal_layout_values()
        values.update(self._complaint_form_values())
        return request.render("complaint_management.portal_complaint_new", values)

    @http.route(
        "/my/complaint/new", type="http", auth="user", methods=["POST"], website=True
    )
    def portal_complaint_submit(self, **form):
        files = [
            (upload.filename, upload.read(), upload.mimetype)
            for upload in request.httprequest.files.getlist("attachment")
            if upload.filename
        ]
        form = {key: value for key, value in form.items() if isinstance(value, str)}
        form.pop("csrf_token", None)
        try:
            with request.env.cr.savepoint():
                ticket = request.env["helpdesk.ticket"]._portal_create_complaint(
                    request.env.user.partner_id, form, files, request.env.company
                )
        except (UserError, ValidationError) as error:
            values = self._prepare_portal_layout_values()
            values.update(self._complaint_form_values(form, error.args[0]))
            return request.render(
                "complaint_management.portal_complaint_new", values, status=400
            )
        return request.redirect(f"/my/ticket/{ticket.id}")

    # Remedies
    @http.route(
        "/my/ticket/<int:ticket_id>/remedy/<int:remedy_id>",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_remedy_answer(
        self, ticket_id, remedy_id, decision=None, comment=None, access_token=None, **kw
    ):
        try:
            ticket = complaint_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        remedy = ticket.remedy_ids._portal_offered().filtered(
            lambda r: r.id == remedy_id
        )
        if not remedy:
            raise request.not_found()
        try:
            with request.env.cr.savepoint():
                remedy._portal_customer_answer(decision, comment)
        except (UserError, ValidationError) as error:
            return self._complaint_error_page(ticket_id, access_token, error.args[0])
        url = complaint_page_url(ticket, access_token)
        return request.redirect(f"{url}?notice={decision}")

    # The approved 8D report
    @http.route(
        "/my/ticket/<int:ticket_id>/8d/<int:report_id>",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_complaint_8d(self, ticket_id, report_id, access_token=None, **kw):
        try:
            ticket = complaint_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        report = ticket._portal_approved_8ds().filtered(lambda r: r.id == report_id)
        if not report:
            raise request.not_found()
        content, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(report.company_id)
            # the report speaks the customer's language by itself (its template)
            .with_context(complaint_customer_copy=True)
            ._render_qweb_pdf(
                "complaint_management.action_report_complaint_8d", report.ids
            )
        )
        filename = "{}.pdf".format(re.sub(r"\W+", "_", report.name or "8D"))
        headers = [
            (
                "Content-Type",
                "application/pdf" if report_type == "pdf" else "text/html",
            ),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ]
        return request.make_response(content, headers=headers)

    # Satisfaction
    @http.route(
        "/my/ticket/<int:ticket_id>/satisfaction",
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
        readonly=True,
    )
    def portal_complaint_satisfaction(self, ticket_id, access_token=None, **kw):
        try:
            ticket = complaint_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        customer_language(ticket)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "complaint_satisfaction",
                "complaint": ticket,
                "complaint_token": access_token or "",
                "complaint_satisfaction": selection("satisfaction"),
                "complaint_satisfaction_open": ticket._portal_satisfaction_open(),
                "error": refusal(kw),
            }
        )
        return request.render(
            "complaint_management.portal_complaint_satisfaction", values
        )

    @http.route(
        "/my/ticket/<int:ticket_id>/satisfaction",
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_satisfaction_answer(
        self, ticket_id, satisfaction=None, comment=None, access_token=None, **kw
    ):
        try:
            ticket = complaint_check_access(ticket_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        try:
            with request.env.cr.savepoint():
                ticket._portal_answer_satisfaction(satisfaction, comment)
        except (UserError, ValidationError) as error:
            return self.portal_complaint_satisfaction(
                ticket_id,
                access_token=access_token,
                complaint_error=PortalRefusal(error.args[0]),
            )
        url = complaint_page_url(ticket, access_token)
        return request.redirect(f"{url}?notice=satisfaction")


class ComplaintHelpdeskTicketController(HelpdeskTicketController):
    # a portal page (website): a refusal is shown on the complaint's page
    @http.route(website=True)
    def support_ticket_close(self, **kw):
        """helpdesk_mgmt closes the ticket of any id it is given, with sudo: here
        only a ticket the user may read, and a complaint only by its customer,
        into a stage that closes from the portal, under the complaint's closing
        rules (a refusal is shown on the complaint's page, nothing written)."""
        ticket = (
            request.env["helpdesk.ticket"]
            .browse(portal_id(kw.get("ticket_id")) or [])
            .exists()
        )
        try:
            ticket.check_access("read")
            if ticket.is_complaint:
                complaint_check_access(ticket.id)
        except (AccessError, MissingError):
            return werkzeug.utils.redirect("/my")
        if not ticket:
            return werkzeug.utils.redirect("/my")
        stage = (
            request.env["helpdesk.ticket.stage"]
            .sudo()
            .browse(portal_id(kw.get("stage_id")) or [])
            .exists()
        )
        if not stage.close_from_portal:
            return werkzeug.utils.redirect(f"/my/ticket/{ticket.id}")
        try:
            with request.env.cr.savepoint():
                # only the two ids helpdesk_mgmt reads, as it reads them
                response = super().support_ticket_close(
                    ticket_id=str(ticket.id), stage_id=str(stage.id)
                )
        except (UserError, ValidationError) as error:
            return ComplaintCustomerPortal()._complaint_error_page(
                ticket.id, None, error.args[0]
            )
        return response
