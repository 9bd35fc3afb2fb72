"""The live planning page (``orgwork serve``): the desk over its state and undo (``state``),
its searches (``jobs``) and its files (``saving``); the edits a planner makes, the board the
page shows, the forms it reads (and where it says what it could not do), the routes, the app
and its server. It sits at the end of the flow: it reads
sessions, plans with the studies, checks with the checker, writes with the annex exporters,
and none of them knows it exists."""
