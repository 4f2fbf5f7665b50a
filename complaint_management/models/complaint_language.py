"""In whose language the addon writes what it writes into records (rules §13).

Text the addon writes once is read by someone else later, so it is written in the
reader's language, not in the language of whoever (or whatever scheduled job) caused it:

- an activity scheduled from an activity type keeps no copy of the type's text: its
  summary stays empty, so Odoo shows the type's name, which it keeps translated, in
  the language of whoever reads it (``mail.activity._compute_display_name``), even
  after a language changed; the text written for it (a note, a summary of its own)
  is in its assignee's language;
- a chatter line of a scheduled job or of an automatic step in the company's language
  (its partner's ``lang``): the chatter is the team's shared record;
- what goes to a customer in the customer's language (the mail templates' ``lang``).

Records are grouped by language, so a batch costs one read per language, never one
query per record.
"""


def company_lang(record):
    """The language of ``record``'s company (its partner's), else the current one."""
    company = record.company_id if "company_id" in record else record.env.company
    return company.partner_id.lang or record.env.lang


def by_company_lang(records):
    """``records`` grouped by their company's language, each group in that language
    (in its context): ``[records, ...]``."""
    return [
        group.with_context(lang=lang)
        for lang, group in records.grouped(company_lang).items()
    ]


def user_lang(user, default=None):
    """The language ``user`` reads, else ``default``."""
    return user.lang or default


def schedule_activity(records, act_type_xmlid, user, **values):
    """``records.activity_schedule`` for ``user``, in ``user``'s language (what
    ``values`` compute lazily, Odoo's defaults), without copying the type's summary
    (see above); returns the activities."""
    local = records.with_context(lang=user_lang(user, records.env.lang))
    activities = local.activity_schedule(act_type_xmlid, user_id=user.id, **values)
    if activities and not values.get("summary"):
        # the activities just created, by whoever may schedule them
        activities.sudo().summary = False
    return activities
