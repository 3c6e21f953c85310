"""Community guidelines: a versioned rulebook of rules for each side, how each is detected, and
the ladder of steps an incident gets (issue 17). Pure data and arithmetic: no I/O."""
