"""The app shell: sidebar with every area built so far, current user and workspace, logout."""

from __future__ import annotations

import reflex as rx

from lumenbase.components.search_palette import search_palette, search_trigger
from lumenbase.state.session import SessionState

# (label, icon, route). Areas appear here when they exist, never as placeholders.
NAV_SECTIONS = [
    ("Work", [("Tasks", "square-check", "/tasks")]),
    (
        "CRM",
        [
            ("Leads", "user-plus", "/leads"),
            ("Contacts", "contact", "/contacts"),
            ("Companies", "building-2", "/companies"),
            ("Deals", "handshake", "/deals"),
            ("Lists", "list", "/lists"),
        ],
    ),
    ("Settings", [("Pipelines", "square-kanban", "/settings/pipelines")]),
]


def nav_link(label: str, icon: str, route: str) -> rx.Component:
    active = SessionState.router.url.path.startswith(route)
    return rx.link(
        rx.hstack(rx.icon(icon, size=16), rx.text(label, size="2"), spacing="2", align="center"),
        href=route,
        underline="none",
        padding_x="10px",
        padding_y="6px",
        border_radius="6px",
        width="100%",
        color=rx.cond(active, rx.color("accent", 11), rx.color("gray", 12)),
        background=rx.cond(active, rx.color("accent", 3), "transparent"),
        _hover={"background": rx.color("gray", 3)},
        data_testid=f"nav-{label.lower()}",
    )


def sidebar() -> rx.Component:
    sections = []
    for title, links in NAV_SECTIONS:
        sections.append(
            rx.text(title, size="1", weight="bold", color=rx.color("gray", 10), padding_x="10px")
        )
        sections.extend(nav_link(*link) for link in links)
    return rx.vstack(
        rx.hstack(
            rx.icon("sparkles", color=rx.color("accent", 10)),
            rx.heading("Lumenbase", size="4"),
            align="center",
            padding="10px",
        ),
        rx.box(search_trigger(), padding_x="4px", padding_bottom="8px", width="100%"),
        rx.vstack(*sections, spacing="1", width="100%"),
        rx.spacer(),
        rx.vstack(
            rx.text(SessionState.user_name, size="2", weight="medium", data_testid="current-user"),
            rx.text(SessionState.user_email, size="1", color=rx.color("gray", 10)),
            rx.hstack(
                rx.badge(SessionState.role_label, variant="soft"),
                rx.text(
                    SessionState.workspace_name,
                    size="1",
                    color=rx.color("gray", 11),
                    data_testid="current-workspace",
                ),
                align="center",
                wrap="wrap",
            ),
            rx.button(
                rx.icon("log-out", size=14),
                "Log out",
                variant="soft",
                color_scheme="gray",
                size="1",
                on_click=SessionState.logout,
                data_testid="logout",
            ),
            spacing="2",
            padding="10px",
            width="100%",
            border_top=f"1px solid {rx.color('gray', 5)}",
        ),
        width="230px",
        min_width="230px",
        height="100vh",
        position="sticky",
        top="0",
        padding="8px",
        background=rx.color("gray", 2),
        border_right=f"1px solid {rx.color('gray', 5)}",
    )


def app_shell(*children: rx.Component) -> rx.Component:
    return rx.hstack(
        sidebar(),
        rx.box(*children, flex="1", padding="24px 32px", min_width="0"),
        search_palette(),
        spacing="0",
        align="start",
        width="100%",
    )
