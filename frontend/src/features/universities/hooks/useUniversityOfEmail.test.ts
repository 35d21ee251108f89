import { describe, expect, it } from "vitest";

import { emailDomain } from "./useUniversityOfEmail";

describe("emailDomain", () => {
  it.each([
    ["ada@ucl.ac.uk", "ucl.ac.uk"],
    ["Ada.Lovelace@Student.UCL.ac.uk", "student.ucl.ac.uk"],
    ["  ada@cs.ox.ac.uk. ", "cs.ox.ac.uk"],
    ["ada@uni-köln.de", "xn--uni-kln-e1a.de"],
  ])("takes the domain of %s as the API wants it", (email, domain) => {
    expect(emailDomain(email)).toBe(domain);
  });

  it.each([
    "ada",
    "ada@",
    "@ucl.ac.uk",
    "ada@ucl",
    "ada@ucl.ac.u",
    "ada@ucl..ac.uk",
    "ada@-ucl.ac.uk",
    "ada@ucl.ac.uk/x",
  ])("has none while the address is unfinished or not one: %s", (email) => {
    expect(emailDomain(email)).toBeNull();
  });
});
