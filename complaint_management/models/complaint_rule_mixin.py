from odoo import api, fields, models, tools
from odoo.fields import Domain

from .complaint_defect_type import DEFECT_FAMILIES


class ComplaintRuleMixin(models.AbstractModel):
    """The criteria every complaint rule shares, with one meaning.

    Grading rules, deadline policies, 8D rules, goodwill policies and escalation
    steps (rules §3, §4, §5, §6, §7) all say which complaints they apply to by
    the same criteria: company, team, customer, customer tag, product, defect
    family, defect type, grade and "major only". A rule applies to a complaint when
    every criterion it sets holds; an empty criterion holds for every complaint:

    - company: the rule's company is the complaint's (a rule without company is
      shared by every company);
    - team: the complaint's team is one of the rule's teams;
    - customer: the complaint's customer (its commercial entity) is one of the
      rule's customers or belongs to one of them;
    - customer tag: the customer or its company carries one of the rule's tags;
    - product: the complaint's product is one of the rule's products;
    - defect family / defect type: the complaint's defect is of that family /
      one of those types;
    - grade: the complaint has that grade (the field named by ``_rule_grade_field``;
      none for grading rules, whose grade is what they give);
    - major only: the complaint is major.

    Models configure the mixin with class attributes, as ``tier.validation`` is:
    ``_rule_grade_field`` and ``_rule_reevaluates`` (a change of the rules
    re-evaluates the open complaints they can touch, through ``_rule_reevaluate``).
    A model adds its own criteria in ``_rule_match_extra``.
    """

    _name = "complaint.rule.mixin"
    _description = "Complaint Rule Criteria"

    # The field of the rule holding the grade criterion; False for none.
    _rule_grade_field = "severity"
    # Whether creating, changing or archiving a rule re-evaluates open complaints.
    _rule_reevaluates = False
    # How many complaints one re-evaluation pass handles at a time.
    _rule_batch_size = 1000

    team_ids = fields.Many2many(
        "helpdesk.ticket.team", string="Teams", help="Empty: every team."
    )
    partner_ids = fields.Many2many(
        "res.partner",
        string="Customers",
        help="Only complaints of these customers (or of their contacts). Empty: "
        "every customer.",
    )
    partner_category_ids = fields.Many2many(
        "res.partner.category",
        string="Customer Tags",
        help="Only customers with one of these tags. Empty: every customer.",
    )
    product_ids = fields.Many2many(
        "product.product", string="Products", help="Empty: every product."
    )
    defect_family = fields.Selection(DEFECT_FAMILIES, help="Empty: every family.")
    defect_type_ids = fields.Many2many(
        "complaint.defect.type", string="Defect Types", help="Empty: every defect type."
    )
    major_only = fields.Boolean(help="Applies to major complaints only.")

    # CRUD: open complaints follow the rules as they change
    @api.model_create_multi
    def create(self, vals_list):
        rules = super().create(vals_list)
        self.env.registry.clear_cache()  # _rule_criteria_values
        if self._rule_reevaluates:
            rules._rule_reevaluate_open(rules._rule_ticket_domain())
        return rules

    def write(self, vals):
        self.env.registry.clear_cache()  # _rule_criteria_values
        if not self._rule_reevaluates or set(vals) <= {"name", "note", "sequence"}:
            return super().write(vals)
        before = self._rule_ticket_domain()
        res = super().write(vals)
        self._rule_reevaluate_open(before | self._rule_ticket_domain())
        return res

    def unlink(self):
        self.env.registry.clear_cache()  # _rule_criteria_values
        if not self._rule_reevaluates:
            return super().unlink()
        before = self._rule_ticket_domain()
        rules = self.browse()
        res = super().unlink()
        rules._rule_reevaluate_open(before)
        return res

    # Matching
    def _rule_criteria(self):
        """The criteria of each rule as plain values, read once for a batch:
        ``(rule, company, teams, customers, tags, products, family, defect
        types, grade, major only)``, customers as their commercial entities."""
        values = self._rule_criteria_values(tuple(self.ids))
        partner_ids = {pid for criteria in values for pid in criteria[2]}
        commercial = {}
        if partner_ids:
            partners = self.env["res.partner"].sudo().browse(partner_ids).exists()
            commercial = {p.id: p.commercial_partner_id.id for p in partners}
        return [
            (
                rule,
                company,
                teams,
                {commercial[pid] for pid in partners if pid in commercial},
                *rest,
            )
            for rule, (company, teams, partners, *rest) in zip(
                self, values, strict=True
            )
        ]

    @api.model
    @tools.ormcache("company_ids")
    def _rule_ids_for(self, company_ids):
        """The ids of the active rules of the companies ``company_ids`` (a
        tuple) and the shared ones, in the rules' order. Rule sets are read on
        every complaint saved: cached per worker with their criteria, and cleared
        with them whenever a rule is created, changed, archived or deleted."""
        return tuple(
            self.sudo()
            .with_context(active_test=True)
            .search([("company_id", "in", [False, *company_ids])])
            .ids
        )

    @api.model
    @tools.ormcache("rule_ids")
    def _rule_criteria_values(self, rule_ids):
        """The stored criteria of the rules ``rule_ids``, in their order, as
        immutable values. Rules are configuration read on every complaint saved
        and every escalation run: cached per worker, and the cache is cleared
        (in every worker) whenever a rule is created, changed or deleted."""
        grade_field = self._rule_grade_field
        return tuple(
            (
                rule.company_id.id,
                frozenset(rule.team_ids.ids),
                frozenset(rule.partner_ids.ids),
                frozenset(rule.partner_category_ids.ids),
                frozenset(rule.product_ids.ids),
                rule.defect_family,
                frozenset(rule.defect_type_ids.ids),
                grade_field and rule[grade_field],
                rule.major_only,
            )
            for rule in self.sudo().browse(rule_ids)
        )

    def _match(self, tickets):
        """Which of these rules apply to which of ``tickets``.

        Returns a dict {ticket id: rules}, the rules in the order of ``self``.
        Batch-safe: the criteria of the rules and the facts of the tickets are read
        once for the whole batch (prefetched), never a query per pair."""
        criteria = self._rule_criteria()
        default_company = self.env.company.id
        # Facts are read only when a rule asks for them; the grade above all: the
        # grading rules, which give the grade, must not read it.
        need_tags = any(rule_criteria[4] for rule_criteria in criteria)
        need_grade = any(rule_criteria[8] for rule_criteria in criteria)
        result = {}
        for ticket in tickets:
            partner = ticket.commercial_partner_id
            tags = set()
            if need_tags:
                tags = set(partner.category_id.ids) | set(
                    ticket.partner_id.category_id.ids
                )
            defect = ticket.defect_type_id
            facts = (
                ticket.company_id.id or default_company,
                ticket.team_id.id,
                partner.id,
                tags,
                ticket.product_id.id,
                defect.family,
                defect.id,
                ticket.complaint_severity if need_grade else False,
                ticket.is_major,
            )
            matched = [
                rule.id
                for rule, *rule_criteria in criteria
                if self._rule_criteria_hold(rule_criteria, facts)
                and rule._rule_match_extra(ticket)
            ]
            result[ticket.id] = self.browse(matched)
        return result

    @api.model
    def _rule_criteria_hold(self, criteria, facts):
        """Whether a rule's ``criteria`` (see ``_rule_criteria``) hold for a
        complaint's ``facts`` (see ``_match``): an empty criterion always holds."""
        company, teams, partners, tags, products, family, defects, grade, major = (
            criteria
        )
        (
            t_company,
            t_team,
            t_partner,
            t_tags,
            t_product,
            t_family,
            t_defect,
            t_grade,
            t_major,
        ) = facts
        return (
            (not company or company == t_company)
            and (not teams or t_team in teams)
            and (not partners or t_partner in partners)
            and (not tags or bool(tags & t_tags))
            and (not products or t_product in products)
            and (not family or family == t_family)
            and (not defects or t_defect in defects)
            and (not grade or grade == t_grade)
            and (not major or t_major)
        )

    def _rule_match_extra(self, ticket):
        """Override to add a model's own criteria; ``ticket`` passed the shared ones."""
        return True

    def _applies_to(self, ticket):
        """Whether this rule applies to ``ticket`` (one pair: see ``_match``)."""
        self.ensure_one()
        return bool(self._match(ticket)[ticket.id])

    def _rule_specificity(self):
        """How narrowly this rule targets complaints: a customer beats a customer
        tag, which beats a product, a defect type, a team, a family, a grade."""
        self.ensure_one()
        _company, teams, partners, tags, products, family, defects, grade, major = (
            self._rule_criteria_values((self.id,))[0]
        )
        return (
            bool(partners),
            bool(tags),
            bool(products),
            bool(defects),
            bool(teams),
            bool(family),
            bool(grade),
            bool(major),
        )

    def _sorted_by_specificity(self):
        """These rules, the most specific first (then in their own order)."""
        order = {rule.id: index for index, rule in enumerate(self)}
        return self.sorted(
            lambda r: (tuple(not x for x in r._rule_specificity()), order[r.id])
        )

    # Re-evaluation
    def _rule_ticket_domain(self):
        """The open complaints these rules can touch, as a domain: those that pass
        the stored criteria of at least one of them."""
        domains = []
        grade_field = self._rule_grade_field
        for rule in self:
            domain = Domain.TRUE
            if rule.company_id:
                domain &= Domain("company_id", "=", rule.company_id.id)
            if rule.team_ids:
                domain &= Domain("team_id", "in", rule.team_ids.ids)
            if rule.partner_ids:
                domain &= Domain(
                    "commercial_partner_id",
                    "in",
                    rule.partner_ids.commercial_partner_id.ids,
                )
            if rule.partner_category_ids:
                tags = rule.partner_category_ids.ids
                domain &= Domain("partner_id.category_id", "in", tags) | Domain(
                    "commercial_partner_id.category_id", "in", tags
                )
            if rule.product_ids:
                domain &= Domain("product_id", "in", rule.product_ids.ids)
            if rule.defect_family:
                domain &= Domain("defect_family", "=", rule.defect_family)
            if rule.defect_type_ids:
                domain &= Domain("defect_type_id", "in", rule.defect_type_ids.ids)
            if grade_field and rule[grade_field]:
                domain &= Domain("complaint_severity", "=", rule[grade_field])
            if rule.major_only:
                domain &= Domain("is_major", "=", True)
            domains.append(domain)
        return Domain.OR(domains) if domains else Domain.FALSE

    def _rule_reevaluate_open(self, domain):
        """Re-evaluate the open complaints of ``domain``, in batches."""
        domain = Domain(domain)
        if domain.is_false():
            return
        tickets = (
            self.env["helpdesk.ticket"]
            .sudo()
            .search(
                domain
                & Domain("is_complaint", "=", True)
                & Domain("closed", "=", False)
            )
        )
        size = self._rule_batch_size
        for start in range(0, len(tickets), size):
            self._rule_reevaluate(tickets[start : start + size])

    @api.model
    def _rule_reevaluate(self, tickets):
        """Apply the current rules to ``tickets`` (open complaints); override."""
        return True
