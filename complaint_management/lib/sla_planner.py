"""The deadline planner: plain functions, no ORM (rules §4).

``helpdesk.ticket._sla_sync`` gathers what the database knows (the policies that
apply to a complaint, with the deadline each one gives, and the complaint's open
milestones), asks these functions what to do, and writes the answer in batches.
Keeping the rules here makes them readable in one place and testable without a
database (tests/test_complaint_sla_planner.py).

Vocabulary:

- an *offer* is what one applicable policy proposes for one milestone: its policy
  id, the clock start, the deadline, and whether it is a customer's policy that
  *replaces* the general limits (the customer's contract governs) or one that only
  *tightens* them;
- an *open* milestone is one whose clock still runs (running, paused, or breached
  and not yet reached): only those are re-planned, everything else is history.
"""

from collections import namedtuple

from . import ratios

Offer = namedtuple("Offer", "milestone policy_id start deadline replaces")
Open = namedtuple("Open", "id milestone policy_id start deadline state")

# Milestones that belong to the handling of the complaint: closing the complaint
# ends them. The others (the call-back and the effectiveness check) run after it
# (rules §8).
HANDLING_MILESTONES = ("response", "containment", "analysis", "resolution")
AFTER_CLOSURE_MILESTONES = ("follow_up", "effectiveness")


def governing_offers(offers):
    """The offer that governs each milestone.

    When a customer's policy that replaces the general limits applies to a
    milestone, only such policies count for it, even when the general limit is
    stricter (the customer's contract governs: the automotive root cause in 10
    days, closure in 60). Otherwise the strictest offer (earliest deadline) wins,
    so a customer's tightening policy only ever shortens a limit.
    Ties go to the first offer, in the policies' order.
    """
    by_milestone = {}
    for offer in offers:
        by_milestone.setdefault(offer.milestone, []).append(offer)
    chosen = {}
    for milestone, candidates in by_milestone.items():
        replacing = [o for o in candidates if o.replaces]
        pool = replacing or candidates
        best = None
        for offer in pool:
            if offer.deadline and (best is None or offer.deadline < best.deadline):
                best = offer
        if best is not None:
            chosen[milestone] = best
    return chosen


def plan_changes(open_milestones, wanted, closed=False):
    """What to do with one complaint's open milestones given the governing
    ``wanted`` offers (``{milestone: Offer}``).

    Returns ``(create, update, end)``:

    - ``create``: the offers for milestones with no open record;
    - ``update``: ``(Open, Offer)`` pairs whose deadline or policy changed;
    - ``end``: open milestones no policy asks for any more (a re-grade) or, on a
      closed complaint, the handling milestones (closing ends them).

    A closed complaint plans no handling milestone: only the call-back and the
    effectiveness check go on after closure.
    """
    wanted = dict(wanted)
    if closed:
        wanted = {m: o for m, o in wanted.items() if m in AFTER_CLOSURE_MILESTONES}
    create, update, end = [], [], []
    seen = set()
    for milestone in open_milestones:
        offer = wanted.get(milestone.milestone)
        if offer is None or milestone.milestone in seen:
            end.append(milestone)
            continue
        seen.add(milestone.milestone)
        if (
            milestone.deadline != offer.deadline
            or milestone.policy_id != offer.policy_id
        ):
            update.append((milestone, offer))
    for milestone, offer in wanted.items():
        if milestone not in seen:
            create.append(offer)
    return create, update, end


def reached_state(deadline, reached, state=None):
    """The state of a milestone reached at ``reached``: met when on time,
    breached when after its deadline. A milestone already breached (``state``)
    stays breached whatever date its event carries: a breach is history
    (rules §4)."""
    if state == "breached" or (deadline and reached > deadline):
        return "breached"
    return "met"


def ended_state(state, deadline, when):
    """The state of an open milestone ended without its event at ``when`` (the
    complaint closed, or a re-grade dropped it): a deadline already missed stays
    a breach; otherwise the step was not needed."""
    if state == "breached" or (deadline and when > deadline):
        return "breached"
    return "not_needed"


def compliance(states):
    """Met on time ÷ due, in percent, over milestone ``states`` (rules §4).

    Due milestones are those met or breached; running, paused and not-needed ones
    are not counted. None when nothing is due yet."""
    due = [s for s in states if s in ("met", "breached")]
    return ratios.ratio(due.count("met"), len(due), ratios.PERCENT)
