"""Judging contract clauses in context: parties, clause types, direction and qualifiers, mirrors, the decision.

Runs after detect (sentence scores) and before aggregate. It sees a whole contract's scored segments at once and
never reads files or writes the store.
"""
