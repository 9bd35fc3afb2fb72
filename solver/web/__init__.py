"""The live planning page (``orgwork serve``): the desk (state, undo, searches, saving), the
edits a planner makes, the board the page shows, the app and its server. It sits at the end of
the flow: it reads sessions, plans with the studies, checks with the checker, writes with the
annex exporters, and none of them knows it exists."""
