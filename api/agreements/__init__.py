"""A team's respect agreement, written with its students and endorsed by its members."""
