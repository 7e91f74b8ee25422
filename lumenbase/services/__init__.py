"""The domain. Plain functions over a Session: `fn(s, ctx, *, ...)`. No Reflex imports.

Services validate input and check the caller's permission themselves (the web app, CLI, jobs
and REST API all call them), write their timeline/audit rows in the same transaction, and
never commit: the `with workspace_session(ctx) as s:` boundary does.
"""
