"""Studies of a session: what-if runs, explanations of conflicts, sweeps, and what changed."""
