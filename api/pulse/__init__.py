"""Student voice: a class pulse a teacher opens, answered anonymously by their students."""
