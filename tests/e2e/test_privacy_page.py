"""An organization admin downloads, then deletes, a person's data from the privacy page."""

import re

from playwright.sync_api import expect
from sqlalchemy import select

from api.demo import DEMO_ORG
from api.extensions import db
from api.organizations.models import Organization, OrgMembership
from api.users.service import create_user


def add_student(app) -> None:
    with app.app_context():
        organization = db.session.scalar(select(Organization).where(Organization.name == DEMO_ORG))
        user = create_user(display_name="Erin Example", username="erin.example", password=None)
        db.session.add(OrgMembership(organization_id=organization.id, user_id=user.id))
        db.session.commit()
        db.session.remove()


def test_admin_downloads_then_deletes_a_persons_data(e2e_app, page, sign_in):
    add_student(e2e_app)
    sign_in("admin@maple.example")
    page.get_by_role("link", name=re.compile("Admin console for")).click()
    page.get_by_role("link", name="Privacy requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Privacy requests")
    page.get_by_label("Find a person by name, email or username").fill("Erin")
    page.get_by_role("button", name="Find").click()

    with page.expect_download() as download:
        page.get_by_role("button", name="Download Erin Example's data").click()
    assert download.value.suggested_filename.startswith("privacy-export-")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Delete Erin Example's account and data").click()
    expect(page.locator("#privacy-message")).to_contain_text(
        "Erin Example's account and personal data were deleted."
    )
    page.reload()
    expect(page.get_by_text("Deleted a person's data")).to_be_visible()
