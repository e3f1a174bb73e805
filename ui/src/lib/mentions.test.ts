import { describe, expect, it } from "vitest";
import { mentionAtCaret, mentionedIds } from "./mentions";

const team = [
  { id: 1, name: "Marta López" },
  { id: 2, name: "Marta Ruiz" },
  { id: 3, name: "Íñigo" },
];

describe("mentions", () => {
  it("names members by full or first name, without case or accents mattering", () => {
    expect(mentionedIds("@marta ruiz ¿lo miras?", team)).toEqual([2]);
    expect(mentionedIds("@Marta López y @inigo, @Marta López otra vez", team)).toEqual([1, 3]);
    expect(mentionedIds('cc @"Marta Ruiz"', team)).toEqual([2]);
  });

  it("ignores addresses and words that only start with a name", () => {
    expect(mentionedIds("escribe a ana@marta.example", team)).toEqual([]);
    expect(mentionedIds("@Iñigoooo", team)).toEqual([]);
  });

  it("finds the @word being typed before the caret", () => {
    expect(mentionAtCaret("hola @mar", 9)).toEqual({ query: "mar", start: 5 });
    expect(mentionAtCaret("@", 1)).toEqual({ query: "", start: 0 });
    expect(mentionAtCaret("ana@mar", 7)).toBeNull();
    expect(mentionAtCaret("@marta ya", 9)).toBeNull();
  });
});
