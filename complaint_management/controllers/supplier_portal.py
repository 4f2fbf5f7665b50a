"""The supplier's chargebacks and corrective-action requests in the portal
(rules §6.5, §7, §11.5).

The supplier's contact sees the chargebacks and corrective-action requests
(CAPA) sent to their company, and nothing else: no other supplier's, no
customer's complaint data beyond what the debit note names. Portal users have
no access of their own to these models: each route checks that the record's
supplier is the user's commercial partner and that it was sent to them, then
reads with ``sudo()`` what the page shows and calls the models' own portal
methods (``_portal_answer``, ``_portal_submit_answer``), which enforce every
other rule.
"""

import re

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError, ValidationError
from odoo.http import content_disposition, request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

from ..models.complaint_chargeback import CLAIMED_STATES

# What the supplier sees: what was sent to them, never a draft or a cancelled one
# (the chargebacks claimed from them).
CHARGEBACK_PORTAL_STATES = CLAIMED_STATES
CAPA_PORTAL_STATES = ("sent", "answered", "accepted", "returned", "closed")
CAPA_ANSWER_FIELDS = ("containment", "root_cause", "escape_point", "corrective_action")


def supplier_domain(states):
    partner = request.env.user.partner_id.commercial_partner_id
    return [
        ("partner_id.commercial_partner_id", "=", partner.id),
        ("state", "in", states),
    ]


def supplier_record(model, record_id, states):
    """The record ``record_id`` of ``model``, sudoed, if it was sent to the
    logged-in user's company; ``MissingError`` or ``AccessError`` otherwise."""
    record = request.env[model].sudo().browse(record_id).exists()
    if not record:
        raise MissingError(request.env._("This document does not exist."))
    user = request.env.user
    if (
        user._is_public()
        or record.state not in states
        or record.partner_id.commercial_partner_id
        != user.partner_id.commercial_partner_id
    ):
        raise AccessError(request.env._("This document is not addressed to you."))
    return record


def pdf_response(content, report_type, name):
    filename = "{}.pdf".format(re.sub(r"\W+", "_", name or "document"))
    return request.make_response(
        content,
        headers=[
            (
                "Content-Type",
                "application/pdf" if report_type == "pdf" else "text/html",
            ),
            ("Content-Length", len(content)),
            ("Content-Disposition", content_disposition(filename)),
        ],
    )


class ComplaintSupplierPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if request.env.user._is_internal() or request.env.user._is_public():
            return values
        if "chargeback_count" in counters:
            values["chargeback_count"] = (
                request.env["complaint.chargeback"]
                .sudo()
                .search_count(supplier_domain(CHARGEBACK_PORTAL_STATES))
            )
        if "capa_count" in counters:
            values["capa_count"] = (
                request.env["complaint.capa"]
                .sudo()
                .search_count(supplier_domain(CAPA_PORTAL_STATES))
            )
        return values

    # Chargebacks
    @http.route(
        ["/my/chargebacks", "/my/chargebacks/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_chargebacks(self, page=1, search=None, **kw):
        return self._supplier_list(
            "complaint.chargeback",
            CHARGEBACK_PORTAL_STATES,
            "chargebacks",
            "complaint_management.portal_my_chargebacks",
            page,
            search,
        )

    def _supplier_list(self, model, states, page_name, template, page, search):
        """The list page ``/my/<page_name>`` of the documents of ``model`` sent to
        the user's company (in ``states``), searched by reference; the page's
        records are under the key ``page_name``."""
        domain = supplier_domain(states)
        if search:
            domain.append(("name", "ilike", search))
        Model = request.env[model].sudo()
        pager = self._supplier_pager(f"/my/{page_name}", Model, domain, page, search)
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": page_name,
                page_name: Model.search(
                    domain, limit=self._items_per_page, offset=pager["offset"]
                ),
                "pager": pager,
                "search": search,
            }
        )
        return request.render(template, values)

    def _supplier_pager(self, url, model, domain, page, search):
        return portal_pager(
            url=url,
            url_args={"search": search} if search else {},
            total=model.search_count(domain),
            page=page,
            step=self._items_per_page,
        )

    def _chargeback_page(self, chargeback, error=None, notice=None, form=None):
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "page_name": "chargeback",
                "chargeback": chargeback,
                "chargeback_answer_open": chargeback.state == "sent",
                "error": error,
                "notice": notice,
                "form": form or {},
            }
        )
        return request.render("complaint_management.portal_chargeback_page", values)

    @http.route(
        "/my/chargeback/<int:chargeback_id>",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_chargeback(self, chargeback_id, notice=None, **kw):
        try:
            chargeback = supplier_record(
                "complaint.chargeback", chargeback_id, CHARGEBACK_PORTAL_STATES
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        notices = {"answered": request.env._("Thank you: your answer is recorded.")}
        return self._chargeback_page(chargeback, notice=notices.get(notice))

    @http.route(
        "/my/chargeback/<int:chargeback_id>/answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_chargeback_answer(
        self, chargeback_id, decision=None, accepted_amount=None, comment=None, **kw
    ):
        try:
            chargeback = supplier_record(
                "complaint.chargeback", chargeback_id, CHARGEBACK_PORTAL_STATES
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        # the model reads the amount (complaint.number.mixin): a decimal comma
        # as typed in many languages is a decimal point
        amount = (accepted_amount or "").replace(",", ".")
        try:
            with request.env.cr.savepoint():
                chargeback._portal_answer(
                    decision, accepted_amount=amount, comment=comment
                )
        except (UserError, ValidationError) as error:
            chargeback.invalidate_recordset()
            form = {
                "decision": decision or "",
                "accepted_amount": accepted_amount or "",
                "comment": comment or "",
            }
            return self._chargeback_page(chargeback, error=error.args[0], form=form)
        return request.redirect(f"/my/chargeback/{chargeback.id}?notice=answered")

    @http.route(
        "/my/chargeback/<int:chargeback_id>/debit-note",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_chargeback_debit_note(self, chargeback_id, **kw):
        """The debit note as it was sent (its archived PDF), else printed now."""
        try:
            chargeback = supplier_record(
                "complaint.chargeback", chargeback_id, CHARGEBACK_PORTAL_STATES
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        archived = chargeback.debit_note_attachment_id
        if archived:
            return pdf_response(archived.raw, "pdf", chargeback.name)
        content, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(chargeback.company_id)
            ._render_qweb_pdf(
                "complaint_management.action_report_complaint_chargeback",
                chargeback.ids,
            )
        )
        return pdf_response(content, report_type, chargeback.name)

    # Corrective-action requests
    @http.route(
        ["/my/capas", "/my/capas/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_my_capas(self, page=1, search=None, **kw):
        return self._supplier_list(
            "complaint.capa",
            CAPA_PORTAL_STATES,
            "capas",
            "complaint_management.portal_my_capas",
            page,
            search,
        )

    def _capa_page(self, capa, error=None, notice=None, form=None):
        values = self._prepare_portal_layout_values()
        answers = capa.answer_ids.sorted("id")
        answers.attachment_ids.generate_access_token()
        values.update(
            {
                "page_name": "capa",
                "capa": capa,
                "capa_answers": answers,
                "capa_answer_open": capa.state in ("sent", "returned"),
                "error": error,
                "notice": notice,
                "form": form or {},
            }
        )
        return request.render("complaint_management.portal_capa_page", values)

    # read-write: the page gives the answers' attachments their access token
    @http.route("/my/capa/<int:capa_id>", type="http", auth="user", website=True)
    def portal_capa(self, capa_id, notice=None, **kw):
        try:
            capa = supplier_record("complaint.capa", capa_id, CAPA_PORTAL_STATES)
        except (AccessError, MissingError):
            return request.redirect("/my")
        notices = {"answered": request.env._("Thank you: your answer is recorded.")}
        return self._capa_page(capa, notice=notices.get(notice))

    @http.route(
        "/my/capa/<int:capa_id>/answer",
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_capa_answer(self, capa_id, **form):
        try:
            capa = supplier_record("complaint.capa", capa_id, CAPA_PORTAL_STATES)
        except (AccessError, MissingError):
            return request.redirect("/my")
        vals = {name: form.get(name) or "" for name in CAPA_ANSWER_FIELDS}
        files = [
            {"name": upload.filename, "raw": upload.read()}
            for upload in request.httprequest.files.getlist("attachment")
            if upload.filename
        ]
        limit = capa.company_id.complaint_portal_attachment_mb
        for file in files:
            if len(file["raw"]) > limit * 1024 * 1024:
                return self._capa_page(
                    capa,
                    form=vals,
                    error=request.env._(
                        "%(file)s is larger than %(limit)s MB: send a smaller file.",
                        file=file["name"],
                        limit=limit,
                    ),
                )
        try:
            with request.env.cr.savepoint():
                capa._portal_submit_answer(vals, files)
        except (UserError, ValidationError) as error:
            capa.invalidate_recordset()
            return self._capa_page(capa, error=error.args[0], form=vals)
        return request.redirect(f"/my/capa/{capa.id}?notice=answered")

    @http.route(
        "/my/capa/<int:capa_id>/pdf",
        type="http",
        auth="user",
        website=True,
        readonly=True,
    )
    def portal_capa_pdf(self, capa_id, **kw):
        try:
            capa = supplier_record("complaint.capa", capa_id, CAPA_PORTAL_STATES)
        except (AccessError, MissingError):
            return request.redirect("/my")
        content, report_type = (
            request.env["ir.actions.report"]
            .sudo()
            .with_company(capa.company_id)
            ._render_qweb_pdf(
                "complaint_management.action_report_complaint_capa", capa.ids
            )
        )
        return pdf_response(content, report_type, capa.name)
