"""drafter's access to git: the only package that starts git."""
