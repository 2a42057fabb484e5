/**
 * The browser's clock, read in one place: whether a credential has expired or an account is still
 * locked is judged against it (the server decides; this only words what the page shows).
 */
export function browserNow(): number {
  return Date.now();
}
