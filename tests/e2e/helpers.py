"""Steps the browser tests share."""

from lumenbase.config import PROJECT_ROOT

SCREENSHOTS = PROJECT_ROOT / "docs" / "screenshots"


def login(page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_test_id("login-email").fill(email)
    page.get_by_test_id("login-password").fill(password)
    page.get_by_test_id("login-submit").click()


def screenshot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))
