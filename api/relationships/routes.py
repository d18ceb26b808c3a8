"""Teacher–student relationships. Private by design: stages, notes, Two-by-Tens and repairs
are reached only by the teacher they belong to; coaches and leaders get counts."""

from __future__ import annotations

from api.actor import current_actor
from api.blueprint import Blueprint
from api.relationships import cards, counts, material, repairs, service, tallies, two_by_ten
from api.relationships.schemas import (
    FeedbackRatioSchema,
    FeedbackTallyCreateSchema,
    FeedbackTallyQueryArgsSchema,
    FeedbackTallySchema,
    FeedbackTapSchema,
    MyStudentDetailSchema,
    MyStudentSchema,
    OrganizationRelationshipCountsSchema,
    RelationshipCountsSchema,
    RelationshipGuideSchema,
    RelationshipNoteCreateSchema,
    RelationshipNoteSchema,
    RelationshipNoteUpdateSchema,
    RepairCreateSchema,
    RepairSchema,
    RepairUpdateSchema,
    StageUpdateSchema,
    StudentCardEntrySchema,
    StudentCardSchema,
    TeacherCardEntrySchema,
    TeacherCardSchema,
    TwoByTenCheckInSchema,
    TwoByTenCloseSchema,
    TwoByTenCreateSchema,
    TwoByTenSchema,
    TwoByTenUpdateSchema,
)

blp = Blueprint(
    "relationships",
    __name__,
    url_prefix="/api/v1",
    description="Teacher–student relationships: a teacher's private stages and notes, "
    "Two-by-Ten, 5:1 tallies, repairs, cards; counts for coaches and leaders",
)

STUDENT = "/teams/<team_id>/my-students/<student_id>"


@blp.route("/relationship-guide", methods=["GET"])
@blp.response(200, RelationshipGuideSchema)
def get_guide():
    """Get the stages with their strategies, the empathy stems and the kinds of notes."""
    return material.guide()


# ---- My students ---------------------------------------------------------------------------


@blp.route("/teams/<team_id>/my-students", methods=["GET"])
@blp.response(200, MyStudentSchema(many=True))
def list_my_students(team_id):
    """List a class's students with your private stage for each (the class's teachers)."""
    return service.my_students(current_actor(), team_id)


@blp.route(STUDENT, methods=["GET"])
@blp.response(200, MyStudentDetailSchema)
def get_my_student(team_id, student_id):
    """Get your stage, its history, notes, Two-by-Tens and repairs for one student."""
    return service.student_detail(current_actor(), team_id, student_id)


@blp.route(f"{STUDENT}/stage", methods=["PUT"])
@blp.arguments(StageUpdateSchema)
@blp.response(200, MyStudentDetailSchema)
def set_stage(data, team_id, student_id):
    """Set your relationship stage with a student; the change is kept in its history."""
    return service.set_stage(current_actor(), team_id, student_id, data["stage"])


@blp.route(f"{STUDENT}/notes", methods=["POST"])
@blp.arguments(RelationshipNoteCreateSchema)
@blp.response(201, RelationshipNoteSchema)
def add_note(data, team_id, student_id):
    """Write a strengths-based note about a student; only you will read it."""
    return service.add_note(current_actor(), team_id, student_id, **data)


@blp.route("/relationship-notes/<relationship_note_id>", methods=["PATCH"])
@blp.arguments(RelationshipNoteUpdateSchema)
@blp.response(200, RelationshipNoteSchema)
def update_note(data, relationship_note_id):
    """Reword one of your notes."""
    return service.update_note(current_actor(), relationship_note_id, data)


@blp.route("/relationship-notes/<relationship_note_id>", methods=["DELETE"])
@blp.response(204)
def delete_note(relationship_note_id):
    """Delete one of your notes."""
    service.delete_note(current_actor(), relationship_note_id)


# ---- Two-by-Ten ----------------------------------------------------------------------------


@blp.route(f"{STUDENT}/two-by-ten", methods=["POST"])
@blp.arguments(TwoByTenCreateSchema)
@blp.response(201, TwoByTenSchema)
def start_two_by_ten(data, team_id, student_id):
    """Start a Two-by-Ten with a student, from a school day, with a daily reminder time."""
    return two_by_ten.start_plan(current_actor(), team_id, student_id, **data)


@blp.route("/me/two-by-tens", methods=["GET"])
@blp.response(200, TwoByTenSchema(many=True))
def list_my_two_by_tens():
    """List your running Two-by-Tens."""
    return two_by_ten.my_plans(current_actor())


@blp.route("/two-by-tens/<plan_id>", methods=["GET"])
@blp.response(200, TwoByTenSchema)
def get_two_by_ten(plan_id):
    """Get a Two-by-Ten: the days done, missed days waiting for a choice, the days ahead."""
    return two_by_ten.get_plan(current_actor(), plan_id)


@blp.route("/two-by-tens/<plan_id>", methods=["PATCH"])
@blp.arguments(TwoByTenUpdateSchema)
@blp.response(200, TwoByTenSchema)
def update_two_by_ten(data, plan_id):
    """Move the daily reminder to another time."""
    return two_by_ten.update_plan(current_actor(), plan_id, **data)


@blp.route("/two-by-tens/<plan_id>/check-ins", methods=["POST"])
@blp.arguments(TwoByTenCheckInSchema)
@blp.response(200, TwoByTenSchema)
def check_in(data, plan_id):
    """Mark today (or an earlier school day of the streak) done, with an optional note."""
    return two_by_ten.check_in(current_actor(), plan_id, **data)


@blp.route("/two-by-tens/<plan_id>/continue", methods=["POST"])
@blp.response(200, TwoByTenSchema)
def carry_on(plan_id):
    """After a missed school day: carry on with the streak (the day stays marked missed)."""
    return two_by_ten.carry_on(current_actor(), plan_id)


@blp.route("/two-by-tens/<plan_id>/restart", methods=["POST"])
@blp.response(200, TwoByTenSchema)
def restart(plan_id):
    """Start the ten school days again from today."""
    return two_by_ten.restart(current_actor(), plan_id)


@blp.route("/two-by-tens/<plan_id>/close", methods=["POST"])
@blp.arguments(TwoByTenCloseSchema)
@blp.response(200, TwoByTenSchema)
def close_two_by_ten(data, plan_id):
    """Finish with a reflection; optionally move the relationship to another stage."""
    return two_by_ten.close_plan(current_actor(), plan_id, **data)


# ---- Repairs -------------------------------------------------------------------------------


@blp.route(f"{STUDENT}/repairs", methods=["POST"])
@blp.arguments(RepairCreateSchema)
@blp.response(201, RepairSchema)
def open_repair(data, team_id, student_id):
    """Record a repair with a student; the relationship moves to restore."""
    return repairs.open_repair(current_actor(), team_id, student_id, **data)


@blp.route("/repairs/<repair_id>", methods=["GET"])
@blp.response(200, RepairSchema)
def get_repair(repair_id):
    """Get one of your repair records."""
    return repairs.own_repair(current_actor(), repair_id)


@blp.route("/repairs/<repair_id>", methods=["PATCH"])
@blp.arguments(RepairUpdateSchema)
@blp.response(200, RepairSchema)
def update_repair(data, repair_id):
    """Add the empathy statement, the repair offered, the student's response or a follow-up."""
    return repairs.update_repair(current_actor(), repair_id, data)


@blp.route("/repairs/<repair_id>/done", methods=["POST"])
@blp.response(200, RepairSchema)
def finish_repair(repair_id):
    """Mark the repair done; the relationship goes back to maintain."""
    return repairs.finish_repair(current_actor(), repair_id)


@blp.route("/repairs/<repair_id>", methods=["DELETE"])
@blp.response(204)
def delete_repair(repair_id):
    """Delete a repair recorded by mistake."""
    repairs.delete_repair(current_actor(), repair_id)


# ---- 5:1 -----------------------------------------------------------------------------------


@blp.route("/teams/<team_id>/feedback-tallies", methods=["POST"])
@blp.arguments(FeedbackTallyCreateSchema)
@blp.response(201, FeedbackTallySchema)
def start_tally(data, team_id):
    """Start counting a lesson (its teacher), or observing one (a coach of the class)."""
    tally = tallies.start_tally(current_actor(), team_id, **data)
    return tallies.get_tally(current_actor(), tally.id)


@blp.route("/teams/<team_id>/feedback-tallies", methods=["GET"])
@blp.arguments(FeedbackTallyQueryArgsSchema, location="query")
@blp.response(200, FeedbackTallySchema(many=True))
def list_tallies(args, team_id):
    """List your tallies in a class (teachers: yours and coaches' observations of you)."""
    return tallies.team_tallies(current_actor(), team_id, **args)


@blp.route("/teams/<team_id>/feedback-ratio", methods=["GET"])
@blp.arguments(FeedbackTallyQueryArgsSchema, location="query")
@blp.response(200, FeedbackRatioSchema)
def get_ratio(args, team_id):
    """Get positive and corrective counts per day against the 5:1 target."""
    return tallies.ratio_over_time(current_actor(), team_id, **args)


@blp.route("/feedback-tallies/<tally_id>", methods=["GET"])
@blp.response(200, FeedbackTallySchema)
def get_tally(tally_id):
    """Get a tally you kept, or one kept on your lesson."""
    return tallies.get_tally(current_actor(), tally_id)


@blp.route("/feedback-tallies/<tally_id>/taps", methods=["POST"])
@blp.arguments(FeedbackTapSchema)
@blp.response(200, FeedbackTallySchema)
def tap(data, tally_id):
    """Count one positive or corrective (undo takes the last one back)."""
    return tallies.tap(current_actor(), tally_id, **data)


@blp.route("/feedback-tallies/<tally_id>", methods=["DELETE"])
@blp.response(204)
def delete_tally(tally_id):
    """Delete a tally you kept."""
    tallies.delete_tally(current_actor(), tally_id)


# ---- Cards ---------------------------------------------------------------------------------


@blp.route("/me/get-to-know-me", methods=["GET"])
@blp.response(200, StudentCardSchema)
def get_my_student_card():
    """Get your get-to-know-me card (students); empty until you write it."""
    return cards.my_student_card(current_actor()) or {}


@blp.route("/me/get-to-know-me", methods=["PUT"])
@blp.arguments(StudentCardSchema)
@blp.response(200, StudentCardSchema)
def save_my_student_card(data):
    """Write your get-to-know-me card (students); your teachers see it, no one else."""
    return cards.save_student_card(current_actor(), data)


@blp.route("/me/about-me", methods=["GET"])
@blp.response(200, TeacherCardSchema)
def get_my_teacher_card():
    """Get your about-me card (teachers); empty until you write it."""
    return cards.my_teacher_card(current_actor()) or {}


@blp.route("/me/about-me", methods=["PUT"])
@blp.arguments(TeacherCardSchema)
@blp.response(200, TeacherCardSchema)
def save_my_teacher_card(data):
    """Write your about-me card (teachers); your students see it."""
    return cards.save_teacher_card(current_actor(), data)


@blp.route("/teams/<team_id>/student-cards", methods=["GET"])
@blp.response(200, StudentCardEntrySchema(many=True))
def list_student_cards(team_id):
    """List the class's students with their get-to-know-me cards (the class's teachers)."""
    return cards.class_student_cards(current_actor(), team_id)


@blp.route("/teams/<team_id>/teacher-cards", methods=["GET"])
@blp.response(200, TeacherCardEntrySchema(many=True))
def list_teacher_cards(team_id):
    """List the class's teachers with their about-me cards (the class's members)."""
    return cards.class_teacher_cards(current_actor(), team_id)


# ---- Counts --------------------------------------------------------------------------------


@blp.route("/teams/<team_id>/relationship-counts", methods=["GET"])
@blp.response(200, RelationshipCountsSchema)
def get_team_counts(team_id):
    """Get counts for a class (coaches, admins, members): no names, stages or notes."""
    return counts.team_counts(current_actor(), team_id)


@blp.route("/organizations/<organization_id>/relationship-counts", methods=["GET"])
@blp.response(200, OrganizationRelationshipCountsSchema)
def get_organization_counts(organization_id):
    """Get counts across the organization's classes (admins)."""
    return counts.organization_counts(current_actor(), organization_id)
