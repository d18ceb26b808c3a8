"""Loading definitions, and refusing broken ones with the file and line named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import workflows
from workflows import (
    Actor,
    CycleFacts,
    DefinitionError,
    Guard,
    UnknownWorkflow,
    decide,
    definition_names,
    get_definition,
    load_definition,
    read_definition,
)
from workflows.registry import DEFINITIONS_DIR

VALID = """\
name: tiny
title: Tiny
initial: open
states:
  open:
    label: Open
  done:
    label: Done
    terminal: true
transitions:
  - name: finish
    label: Finish
    from: open
    to: done
    guards: [has_evidence]
    roles: [teacher]
"""


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the n-th line containing `fragment`."""
    hits = [number for number, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


def load_broken(write: Callable[[str], Path], text: str) -> tuple[DefinitionError, Path]:
    path = write(text)
    with pytest.raises(DefinitionError) as caught:
        read_definition(path)
    return caught.value, path


def assert_points_at(error: DefinitionError, path: Path, line: int) -> None:
    assert str(path) in str(error)
    assert f"line {line}:" in str(error)
    assert error.line == line


# --- the bundled definitions ---------------------------------------------------------------


def test_bundled_definitions_are_care_eaa_and_pdsa() -> None:
    assert definition_names() == ["care", "eaa", "pdsa"]


def test_definitions_are_found_next_to_the_package() -> None:
    package_dir = Path(workflows.__file__).parent
    assert package_dir / "definitions" == DEFINITIONS_DIR
    assert get_definition("eaa").source == str(DEFINITIONS_DIR / "eaa.yaml")


def test_get_definition_returns_the_same_cached_object() -> None:
    assert get_definition("eaa") is get_definition("eaa")


def test_eaa_states_run_from_draft_to_closed_with_abandoned() -> None:
    eaa = get_definition("eaa")
    assert eaa.initial_state == "draft"
    assert list(eaa.states) == [
        "draft",
        "evidence",
        "analysis",
        "action",
        "reflection",
        "closed",
        "abandoned",
    ]
    assert {name for name, state in eaa.states.items() if state.terminal} == {
        "closed",
        "abandoned",
    }


def test_load_definition_accepts_a_name_or_a_path(write_definition) -> None:
    assert load_definition("pdsa") is get_definition("pdsa")
    path = write_definition(VALID)
    assert load_definition(path).name == "tiny"
    assert load_definition(str(path)).name == "tiny"


def test_unknown_workflow_name_is_refused_with_the_known_names() -> None:
    with pytest.raises(UnknownWorkflow, match="eaa, pdsa"):
        get_definition("kanban")


def test_a_missing_file_is_a_definition_error(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="cannot be read"):
        read_definition(tmp_path / "nope.yaml")


def test_valid_definition_loads_with_labels_guards_and_roles(write_definition) -> None:
    tiny = read_definition(write_definition(VALID))
    finish = tiny.transition("finish")
    assert finish is not None
    assert finish.from_states == ("open",)
    assert finish.to == "done"
    assert finish.guard_names == ("has_evidence",)
    assert finish.roles == frozenset({"teacher"})
    assert tiny.state("done").terminal


def test_star_means_every_open_state(write_definition) -> None:
    text = VALID.replace("from: open", 'from: "*"')
    tiny = read_definition(write_definition(text))
    assert tiny.transitions_from("open")[0].name == "finish"


def test_transition_label_defaults_to_its_name_in_words(write_definition) -> None:
    tiny = read_definition(write_definition(VALID.replace("    label: Finish\n", "")))
    assert tiny.transitions[0].label == "Finish"


def test_definitions_can_use_their_own_guards_reading_extra_facts(write_definition) -> None:
    def has_plan_note(facts: CycleFacts) -> list[str]:
        return [] if facts.extra.get("plan_notes", 0) else ["Write a plan note first."]

    guards = {"has_plan_note": Guard("has_plan_note", has_plan_note)}
    text = VALID.replace("[has_evidence]", "[has_plan_note]")
    tiny = read_definition(write_definition(text), guards=guards)
    teacher = Actor.with_roles("teacher")
    decision = decide(tiny, CycleFacts("open", extra={"plan_notes": 1}), teacher, "done")
    assert decision.to_state == "done"


# --- validation: each error names the file and the line ------------------------------------


def test_transition_to_an_unknown_state_is_refused(write_definition) -> None:
    text = VALID.replace("to: done", "to: finished")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "to: finished"))
    assert "`finished`, which is not one of the states" in str(error)


def test_transition_from_an_unknown_state_is_refused(write_definition) -> None:
    text = VALID.replace("from: open", "from: [open, opened]")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "from: [open, opened]"))
    assert "`opened`" in str(error)


def test_unreachable_state_is_refused_at_its_own_line(write_definition) -> None:
    text = VALID.replace(
        "transitions:", "  limbo:\n    label: Limbo\n    terminal: true\ntransitions:"
    )
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "limbo:"))
    assert "cannot be reached from `open`" in str(error)


def test_transition_without_a_target_goes_nowhere(write_definition) -> None:
    text = VALID.replace("    to: done\n", "")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "- name: finish"))
    assert "goes nowhere" in str(error)


def test_transition_with_an_empty_target_goes_nowhere(write_definition) -> None:
    text = VALID.replace("to: done", "to:")
    error, path = load_broken(write_definition, text)
    assert "goes nowhere" in str(error)
    assert str(path) in str(error)


def test_transition_to_its_own_state_goes_nowhere(write_definition) -> None:
    text = VALID.replace("to: done", "to: open")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "to: open"))
    assert "goes nowhere" in str(error)


def test_guard_without_a_registered_function_is_refused(write_definition) -> None:
    text = VALID.replace("[has_evidence]", "[has_evidence, has_vibes]")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "has_vibes"))
    assert "guard `has_vibes` that does not exist" in str(error)


def test_unknown_role_is_refused(write_definition) -> None:
    text = VALID.replace("roles: [teacher]", "roles: [teacher, principal]")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "principal"))
    assert "unknown role `principal`" in str(error)


def test_duplicate_transition_names_are_refused_at_the_second(write_definition) -> None:
    text = VALID + "  - name: finish\n    from: open\n    to: done\n    roles: [admin]\n"
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "- name: finish", occurrence=2))
    assert f"defined twice (first on line {line_of(text, '- name: finish')})" in str(error)


def test_transition_leaving_a_terminal_state_is_refused(write_definition) -> None:
    text = VALID + "  - name: reopen\n    from: done\n    to: open\n    roles: [admin]\n"
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "from: done"))
    assert "terminal" in str(error)


def test_open_state_with_no_way_out_is_refused(write_definition) -> None:
    text = (
        VALID.replace("    terminal: true\n", "    terminal: true\n  stuck:\n    label: Stuck\n")
        + "  - name: get_stuck\n    from: open\n    to: stuck\n    roles: [admin]\n"
    )
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "stuck:"))
    assert "no transition leaves it" in str(error)


def test_two_transitions_between_the_same_states_are_refused(write_definition) -> None:
    text = VALID + "  - name: also_finish\n    from: open\n    to: done\n    roles: [admin]\n"
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "- name: also_finish"))
    assert "both lead from `open` to `done`" in str(error)


def test_unknown_initial_state_is_refused(write_definition) -> None:
    text = VALID.replace("initial: open", "initial: opening")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "initial: opening"))


def test_misspelt_key_is_refused(write_definition) -> None:
    text = VALID.replace("guards:", "gaurds:")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "gaurds:"))
    assert "unknown key `gaurds`" in str(error)


def test_duplicate_state_is_refused(write_definition) -> None:
    text = VALID.replace("transitions:", "  open:\n    label: Again\ntransitions:")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "open:", occurrence=2))


def test_transition_named_like_a_state_is_refused(write_definition) -> None:
    text = VALID.replace("name: finish", "name: done")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "name: done"))


def test_invalid_yaml_is_refused_with_its_line(write_definition) -> None:
    text = VALID.replace("    label: Done\n", "    label: [Done\n")
    error, path = load_broken(write_definition, text)
    assert str(path) in str(error)
    assert error.line is not None
    assert "not valid YAML" in str(error)


def test_empty_file_is_refused(write_definition) -> None:
    error, path = load_broken(write_definition, "")
    assert str(path) in str(error)
    assert "empty" in str(error)


def test_states_say_where_the_cycle_reflects_has_due_dates_and_opens_the_next() -> None:
    eaa = get_definition("eaa")
    assert [s.name for s in eaa.due_date_states] == ["evidence", "analysis", "action", "reflection"]
    assert eaa.reflecting_state is not None and eaa.reflecting_state.name == "reflection"
    closing = eaa.next_cycle_closing("reflection")
    assert closing is not None and closing.to == "closed"
    assert eaa.next_cycle_closing("closed") is None
    pdsa = get_definition("pdsa")
    assert pdsa.reflecting_state is not None and pdsa.reflecting_state.name == "act"
    assert [s.name for s in pdsa.open_states] == ["plan", "do", "study", "act"]


def test_a_terminal_state_with_a_due_date_is_refused(write_definition) -> None:
    text = VALID.replace("    terminal: true", "    terminal: true\n    due_label: Done by")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "due_label"))
    assert "terminal" in str(error)


def test_two_reflecting_states_are_refused(write_definition) -> None:
    text = VALID.replace("    label: Open", "    label: Open\n    reflects: true").replace(
        "  done:", "  review:\n    label: Review\n    reflects: true\n  done:"
    )
    error, _ = load_broken(write_definition, text)
    assert "Only one state" in str(error)


def test_an_open_state_opening_the_next_cycle_needs_one_way_to_close(write_definition) -> None:
    text = VALID.replace("    label: Open", "    label: Open\n    opens_next_cycle: true")
    error, path = load_broken(write_definition, text)
    assert_points_at(error, path, line_of(text, "  open:"))
    assert "opens the next cycle" in str(error)
