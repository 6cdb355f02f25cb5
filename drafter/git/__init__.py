"""The only place drafter starts git: safe environment, fast reader, repository, revisions."""
