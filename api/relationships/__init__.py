"""Teacher–student relationships: a teacher's private stage and notes for each student,
Two-by-Ten plans, 5:1 feedback tallies, repair records, and get-to-know-me cards."""
