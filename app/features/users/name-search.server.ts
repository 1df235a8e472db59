// How people are found by name, everywhere a list of people has a search box: the start of each
// word typed matches the start of a surname, a given name or an e-mail address, in any case
// (Cyrillic too), over the index of name terms the database keeps (user_name_term, decision 023).
import { type Expression, type RawBuilder, type SqlBool, sql } from "kysely";
import { db } from "~/db.server";

/** The words of a search, lower-cased; at most four count. */
export function searchWords(search: string | undefined): string[] {
  return (search ?? "").toLocaleLowerCase("mn").split(/\s+/).filter(Boolean).slice(0, 4);
}

/** The name terms a word is the start of: a range of user_name_term's key. */
export const termRange = (word: string) => sql<SqlBool>`t.term >= ${word} and t.term < ${`${word}\uffff`}`;

/** The person (by the id column given) has a name term that starts with the word. */
export function hasTerm(userId: RawBuilder<unknown> | Expression<unknown>, word: string): Expression<SqlBool> {
  return sql<SqlBool>`exists (select 1 from user_name_term t where t.user_id = ${userId} and ${termRange(word)})`;
}

/** The person is among those with a name term starting with the word, read as a set (the driving condition of a search). */
export function amongTerm(userId: RawBuilder<unknown> | Expression<unknown>, word: string): Expression<SqlBool> {
  return sql<SqlBool>`${userId} in (select t.user_id from user_name_term t where ${termRange(word)})`;
}

/**
 * How many people each word matches, counted up to `cap`: the rarest word drives a search, and a
 * search whose rarest word reaches the cap is broad (walking names in order beats sorting its matches).
 */
export async function wordHits(words: string[], cap: number): Promise<number[]> {
  return Promise.all(
    words.map(async (word) => {
      const r = await sql<{ n: number | string }>`select count(*) as n from (select 1 from user_name_term t where ${termRange(word)} limit ${cap}) x`.execute(
        db,
      );
      return Number(r.rows[0]?.n ?? 0);
    }),
  );
}
