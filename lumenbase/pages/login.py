"""Login page."""

import reflex as rx

from lumenbase.state.login import LoginState


def login_page() -> rx.Component:
    return rx.center(
        rx.card(
            rx.form(
                rx.vstack(
                    rx.hstack(
                        rx.icon("sparkles", color=rx.color("accent", 10)),
                        rx.heading("Lumenbase", size="6"),
                        align="center",
                    ),
                    rx.text("Log in to your workspace", size="2", color=rx.color("gray", 11)),
                    rx.cond(
                        LoginState.error != "",
                        rx.callout(
                            LoginState.error,
                            icon="triangle-alert",
                            color_scheme="red",
                            size="1",
                            data_testid="login-error",
                        ),
                    ),
                    rx.text("Email", size="2", weight="medium"),
                    rx.input(
                        name="email",
                        type="email",
                        placeholder="you@company.com",
                        width="100%",
                        required=True,
                        auto_focus=True,
                        data_testid="login-email",
                    ),
                    rx.text("Password", size="2", weight="medium"),
                    rx.input(
                        name="password",
                        type="password",
                        width="100%",
                        required=True,
                        data_testid="login-password",
                    ),
                    rx.button("Log in", type="submit", width="100%", data_testid="login-submit"),
                    spacing="3",
                    width="100%",
                ),
                on_submit=LoginState.submit,
                reset_on_submit=False,
            ),
            width="380px",
            padding="24px",
        ),
        height="100vh",
        background=rx.color("gray", 2),
    )
