"""Button variants stay readable wherever a page puts them: the quiet button is white only in
the dark header (white everywhere made it invisible on light pages four times)."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

WHITE = "rgb(255, 255, 255)"


def test_a_quiet_button_is_readable_on_the_page_and_white_in_the_header(page, sign_in):
    sign_in("teacher@maple.example")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_have_css("color", WHITE)
    # The same class in the page itself and on a card: dark text, not white on white.
    page.evaluate(
        """() => {
            const main = document.getElementById("main");
            main.insertAdjacentHTML("beforeend",
              '<button type="button" class="button button--quiet" id="quiet-on-page">' +
              'Quiet</button>' +
              '<div class="card"><button type="button" class="button button--quiet button--small"' +
              ' id="quiet-on-card">Quiet on a card</button></div>');
        }"""
    )
    for button in ("#quiet-on-page", "#quiet-on-card"):
        expect(page.locator(button)).not_to_have_css("color", WHITE)
    page.locator("#quiet-on-page").hover()
    expect(page.locator("#quiet-on-page")).not_to_have_css("color", WHITE)
    assert_accessible(page, where="a page with quiet buttons on it")
