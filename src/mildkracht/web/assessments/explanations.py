"""What scores mean and what can help: our own words, keyed by component and instrument."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Explanation:
    meaning: Promise
    helps: Promise


# The six components of the Self-Compassion Scale family (the subscale ids of the data files).
COMPONENTS: dict[str, Explanation] = {
    "self_kindness": Explanation(
        _(
            "Meeting your own pain and mistakes with warmth and understanding, the way you "
            "would treat a good friend, instead of with harsh words."
        ),
        _(
            "When something hurts, ask yourself: what would I say to a friend now? Then say "
            "that to yourself, in your own words. A hand on your heart can help too."
        ),
    ),
    "self_judgment": Explanation(
        _(
            "Being hard on yourself and criticising yourself when things go wrong or when you "
            "fall short."
        ),
        _(
            "Notice the critical voice without fighting it. It often tries to protect you. "
            "See if you can give the same message in a kinder tone, as a coach who believes "
            "in you would."
        ),
    ),
    "common_humanity": Explanation(
        _(
            "Seeing that struggling and falling short are part of being human: something that "
            "connects you with others instead of setting you apart."
        ),
        _(
            "In a hard moment, remind yourself: other people feel this too; I am not the only "
            "one. Think of someone who would understand."
        ),
    ),
    "isolation": Explanation(
        _(
            "Feeling cut off and alone with your difficulties, as if everyone else has an "
            "easier time than you."
        ),
        _(
            "Reach out to one person, even with a short message. Or simply remember that "
            "many people are feeling something like this right now."
        ),
    ),
    "mindfulness": Explanation(
        _(
            "Noticing painful thoughts and feelings as they are, without pushing them away "
            "and without making them bigger."
        ),
        _(
            "Name what you feel, for example 'this is sadness' or 'this hurts', and take a "
            "few calm breaths while you let it be there."
        ),
    ),
    "over_identification": Explanation(
        _(
            "Being swept away by painful thoughts and feelings, so that they seem to be all "
            "there is."
        ),
        _(
            "Take a small step back: a feeling is something you have, not everything you are. "
            "Feeling your feet on the floor can help you find your ground again."
        ),
    ),
    # The six functions of the tender and fierce balance profile.
    "comfort": Explanation(
        _("Being there for yourself in pain, with warmth, as you would for someone you love."),
        _("Ask yourself: what do I need to hear right now? Say it to yourself kindly."),
    ),
    "soothe": Explanation(
        _("Calming your body and mind when you are upset, so that you feel safer."),
        _("Slow down your breathing, or find something warm and gentle: a blanket, a drink."),
    ),
    "validate": Explanation(
        _("Acknowledging that what you feel makes sense, instead of waving it away."),
        _("Tell yourself: of course this is hard; it makes sense that I feel this way."),
    ),
    "protect": Explanation(
        _("Standing up for yourself: saying no and setting boundaries when you are harmed."),
        _("Think of one situation where a clear 'no' would protect you, and practise it."),
    ),
    "provide": Explanation(
        _("Giving yourself what you really need, and asking others for it."),
        _("Ask yourself what you need today, and take one small step to give it to yourself."),
    ),
    "motivate": Explanation(
        _("Encouraging yourself to grow and change out of care, not out of fear or criticism."),
        _("Speak to yourself as a supportive coach: what would help you take the next step?"),
    ),
}

LOWER_IS_KINDER = _("A lower score is the kinder direction.")


@dataclass(frozen=True)
class InstrumentNote:
    """What a person should know when reading the scores of one instrument."""

    text: Promise


# A group's average is told in words, with the study and the group it comes from, and never
# drawn as a line on a person's chart. Garcia-Campayo J et al. (2014), Validation of the
# Spanish versions of the long (26 items) and short (12 items) forms of the Self-Compassion
# Scale, Health and Quality of Life Outcomes 12:4, table of means and SDs: the overall score as
# the sum of the six subscale means, sample 1 (268 university students, long form)
# M = 17.95, sample 2 (271 Aragon Health Service workers, short form) M = 16.89. Our total is
# the mean of the six subscale means: 17.95 / 6 = 2.99 and 16.89 / 6 = 2.82.
_SELF_COMPASSION_NOTE = InstrumentNote(
    _(
        "The bands are the author's rough guide, meant for your own reflection: they are not a "
        "diagnosis and not a grade. For comparison, in words: in a published study of this "
        "questionnaire in Spain (Garcia-Campayo and colleagues, 2014), 268 university students "
        "had an average total of about 3.0. That group is not you, and its average is not a "
        "target. Self-compassion is not fixed: it can be learned, and it grows with practice."
    )
)
_SHORT_FORM_NOTE = InstrumentNote(
    _(
        "The short form gives one total score: a higher score means more self-compassion. For "
        "comparison, in words: in a published study in Spain (Garcia-Campayo and colleagues, "
        "2014), 271 health care workers had an average total of about 2.8 on the short form. "
        "That group is not you. It is not a diagnosis and not a grade, and self-compassion "
        "grows with practice."
    )
)
_STATE_NOTE = InstrumentNote(
    _(
        "This questionnaire asks how you treat yourself right now, about one difficult "
        "situation. It changes from moment to moment, so it is useful before and after an "
        "exercise. There are no bands: a higher score means more self-compassion."
    )
)
_SCREENING_NOTE = InstrumentNote(
    _(
        "This is a short screening questionnaire, not a diagnosis. The bands say how much you "
        "have been bothered in the past two weeks. If you recognise yourself in a high score, "
        "or if it worries you, talk to your general practitioner."
    )
)
_WELL_BEING_NOTE = InstrumentNote(
    _(
        "This questionnaire looks at how you experience your life as a whole. It is not a "
        "diagnosis; it helps you see how this changes over time."
    )
)
_REFLECTIVE_NOTE = InstrumentNote(
    _(
        "This is a reflective tool of the Mildkracht project, not a validated test. The scores "
        "are an invitation to look at yourself with curiosity, not a measurement."
    )
)

INSTRUMENT_NOTES: dict[str, InstrumentNote] = {
    "scs": _SELF_COMPASSION_NOTE,
    "scs_sf": _SHORT_FORM_NOTE,
    "sscs_s": _STATE_NOTE,
    "sscs_l": _STATE_NOTE,
    "phq9": _SCREENING_NOTE,
    "gad7": _SCREENING_NOTE,
    "swls": _WELL_BEING_NOTE,
    "shs": _WELL_BEING_NOTE,
}


def note_for(instrument_id: str, reflective: bool) -> InstrumentNote | None:
    if reflective:
        return _REFLECTIVE_NOTE
    return INSTRUMENT_NOTES.get(instrument_id)


# One line per instrument on the questionnaire page, about what it asks.
DESCRIPTIONS: dict[str, Promise] = {
    "scs": _("How you treat yourself in difficult times: the full scale with six components."),
    "scs_sf": _("The short form of the same scale: one total score."),
    "sscs_s": _("How you treat yourself right now, for example before and after an exercise."),
    "sscs_l": _("How you treat yourself right now, with the six components."),
    "phq9": _("How often low mood and related problems bothered you in the past two weeks."),
    "gad7": _("How often worry and tension bothered you in the past two weeks."),
    "swls": _("How satisfied you are with your life as a whole."),
    "shs": _("How happy you consider yourself in general."),
    "balance": _("How you use the tender and the fierce side of self-compassion."),
    "relationship_styles": _("How you weigh your own needs and those of others, per relationship."),
    "gender_expectations": _("Which traits you see in yourself, and which are expected of you."),
}
