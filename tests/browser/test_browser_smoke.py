"""The app opens in a real browser: the default page renders its charts and shows no exception."""

from harness import problems


def test_default_page_renders(visit):
    page = visit()
    assert page.title() == "rnnviz" or "rnnviz" in page.title()
    assert problems(page) == []
