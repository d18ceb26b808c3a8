"""The school calendar: terms and non-school days, and the school days they leave."""
