import type { TestCase } from './types.js';

/**
 * Every rule of a statement has a test, mechanically: the rules are the numbered items of the
 * statement's «## Qué debe hacer tu programa» section; each test may quote (TestCase.rule) a
 * fragment of one. `autor validar` can report what this finds.
 */

const SECTION = /^##\s+Qué debe hacer tu programa\s*$/im;

/** Markdown emphasis and code marks off, spaces folded: how a quote is compared with the statement. */
function plainRuleText(text: string): string {
  return text.replace(/\*\*|__|`/g, '').replace(/\s+/g, ' ').trim();
}

/** The numbered items of the rules section, each as one line of plain text (empty when there is no such section). */
export function statementRules(statement: string): string[] {
  const start = SECTION.exec(statement);
  if (!start) return [];
  const rest = statement.slice(start.index + start[0].length);
  const end = rest.search(/^##\s/m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const rules: string[] = [];
  let current: string | undefined;
  for (const line of section.split('\n')) {
    const item = /^\d+\.\s+(.*)$/.exec(line);
    if (item) {
      if (current !== undefined) rules.push(plainRuleText(current));
      current = item[1]!;
    } else if (current !== undefined && /^\s+\S/.test(line)) {
      current += ` ${line.trim()}`;
    } else if (current !== undefined) {
      rules.push(plainRuleText(current));
      current = undefined;
    }
  }
  if (current !== undefined) rules.push(plainRuleText(current));
  return rules;
}

export interface RuleCoverage {
  /** Numbered rules of the statement that no test quotes. */
  untested: string[];
  /** Tests whose quoted rule is not in the statement (the statement changed, or a typo). */
  misquoted: { test: string; rule: string }[];
}

/** Which statement rules have no test, and which tests quote a rule the statement does not have. Pure. */
export function rulesWithoutTest(statement: string, tests: Pick<TestCase, 'name' | 'rule'>[]): RuleCoverage {
  const rules = statementRules(statement);
  const quotes = tests.flatMap((test) => [test.rule ?? []].flat().map((rule) => ({ test: test.name, rule: plainRuleText(rule) })));
  return {
    untested: rules.filter((rule) => !quotes.some((quote) => rule.includes(quote.rule))),
    misquoted: quotes.filter((quote) => !rules.some((rule) => rule.includes(quote.rule))),
  };
}
