"""The arithmetic of a chargeback's answer and settlement: plain functions, no ORM
(rules §7).

``complaint.chargeback`` reads what the database knows (the claimed costs, the
supplier's answer, an open bill's residual), asks these functions for the amounts,
and writes the answer, the credit note or the deduction. Nothing here knows
currencies: the caller passes ``round_amount``, the rounding of the chargeback's
currency (``currency.round``), and every comparison is made on rounded
differences, exactly as ``res.currency.compare_amounts`` makes it. Tested without
a database in tests/test_complaint_settlement_lib.py.
"""

# The supplier's decisions (``complaint.chargeback.supplier_decision``).
ACCEPT = "accept"
PARTIAL = "partial"
DISPUTE = "dispute"

# Why an answer is refused: the model turns each reason into a sentence.
ACCEPT_NOT_WHOLE = "accept_not_whole"
PARTIAL_NOT_POSITIVE = "partial_not_positive"
PARTIAL_ABOVE_CLAIMED = "partial_above_claimed"
DISPUTE_WITH_AMOUNT = "dispute_with_amount"
DISPUTE_WITHOUT_COMMENT = "dispute_without_comment"


class AnswerRefused(ValueError):
    """An answer the rules refuse; ``reason`` is one of the reasons above."""

    def __init__(self, reason):
        super().__init__(reason)
        self.reason = reason


def compare(first, second, round_amount):
    """-1, 0 or 1 as ``first`` is below, equal to or above ``second``, both
    rounded first (as ``res.currency.compare_amounts``)."""
    if first == second:
        return 0
    delta = round_amount(round_amount(first) - round_amount(second))
    if not delta:
        return 0
    return 1 if delta > 0 else -1


def is_zero(amount, round_amount):
    """Whether ``amount`` rounds to zero."""
    return compare(amount, 0.0, round_amount) == 0


def total(amounts, round_amount):
    """The rounded sum of ``amounts`` (what a chargeback claims)."""
    return round_amount(sum(amounts))


def answer(decision, claimed, accepted, has_comment, round_amount):
    """The supplier's answer as ``(decision, accepted amount)``, or
    ``AnswerRefused``.

    Accepting accepts the whole claimed amount (an amount entered must be it);
    a partial acceptance is above zero and not above the claimed amount, and
    becomes an acceptance when it is the whole of it; a dispute accepts nothing
    and says why (``has_comment``).
    """
    if decision == ACCEPT:
        if accepted is not None and compare(accepted, claimed, round_amount):
            raise AnswerRefused(ACCEPT_NOT_WHOLE)
        return ACCEPT, claimed
    if decision == PARTIAL:
        amount = accepted or 0.0
        if compare(amount, 0.0, round_amount) <= 0:
            raise AnswerRefused(PARTIAL_NOT_POSITIVE)
        if compare(amount, claimed, round_amount) > 0:
            raise AnswerRefused(PARTIAL_ABOVE_CLAIMED)
        amount = round_amount(amount)
        if not compare(amount, claimed, round_amount):
            return ACCEPT, amount
        return PARTIAL, amount
    if accepted and not is_zero(accepted, round_amount):
        raise AnswerRefused(DISPUTE_WITH_AMOUNT)
    if not has_comment:
        raise AnswerRefused(DISPUTE_WITHOUT_COMMENT)
    return DISPUTE, 0.0


def shares(amounts, accepted, claimed, round_amount):
    """The accepted amount shared among the costs ``amounts`` in proportion to
    them (``claimed`` is their total), each share rounded and the rounding rest
    on the last one, so that the shares add up to ``accepted`` exactly."""
    result = []
    remaining = accepted
    for index, amount in enumerate(amounts):
        if index == len(amounts) - 1:
            share = round_amount(remaining)
        else:
            share = round_amount(amount * accepted / claimed)
            remaining -= share
        result.append(share)
    return result


def residual_covers(residual, accepted, round_amount):
    """Whether a posted bill with ``residual`` left to pay can carry the
    deduction of ``accepted``."""
    return compare(residual, accepted, round_amount) >= 0


def recovered(settled, posted, accepted):
    """What was recovered from the supplier: the accepted amount, once settled
    and the entry settling it (the vendor credit note, or the bill it was
    deducted from) ``posted``; nothing while that entry is a draft or cancelled
    (rules §24.2)."""
    return accepted if settled and posted else 0.0
