// The one way to put ids and words into a URL: every value is URL-encoded, the text around
// them is kept as written.
//
//   path`/teams/${team.id}/puzzles/${puzzle.id}`       → "/teams/t%201/puzzles/p2"
//   path`/sign-in?next=${wanted}`                      → "/sign-in?next=%2Fteams%3Fx%3D1"
//   path`${base}/people/${person.id}`                  → a leading path (it starts with "/")
//                                                        is kept as it is, so paths compose

export function path(strings, ...values) {
  let result = strings[0];
  values.forEach((value, index) => {
    const keep = index === 0 && strings[0] === "" && String(value).startsWith("/");
    result += (keep ? String(value) : encodeURIComponent(String(value))) + strings[index + 1];
  });
  return result;
}
