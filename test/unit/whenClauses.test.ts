import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkWhenClause, WhenClauseError } from '../support/whenClauseGrammar';

// Every when clause in package.json must be one VS Code can parse: one it cannot is not an error
// anywhere, the item just shows on every row (Scrub did, with `viewItem !~ /…/`).

const manifest = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  contributes: Record<string, unknown>;
};

/** Every `when` and `enablement` string under `contributes`, with its JSON path. */
function whenClauses(value: unknown, at: string): Array<{ at: string; clause: string }> {
  if (Array.isArray(value)) return value.flatMap((item, i) => whenClauses(item, `${at}[${i}]`));
  if (typeof value !== 'object' || value === null) return [];
  const command = 'command' in value && typeof value.command === 'string' ? ` (${value.command})` : '';
  return Object.entries(value).flatMap(([key, child]) => {
    if ((key === 'when' || key === 'enablement') && typeof child === 'string')
      return [{ at: `${at}.${key}${command}`, clause: child }];
    return whenClauses(child, `${at}.${key}`);
  });
}

// configuration is a JSON schema: a property there named `when` would be a setting, not a clause.
const { configuration: _schema, ...contributes } = manifest.contributes;
const found = whenClauses(contributes, 'contributes');

function problemOf(clause: string): string | undefined {
  try {
    checkWhenClause(clause);
    return undefined;
  } catch (error) {
    if (error instanceof WhenClauseError) return error.message;
    throw error;
  }
}

describe('when clauses in package.json', () => {
  it('are found in menus, keybindings and the rest of contributes', () => {
    const places = new Set(found.map((f) => f.at.split(/[.[]/)[1]));
    for (const place of ['menus', 'keybindings'])
      assert.ok(places.has(place), `no when clause found in contributes.${place}`);
    assert.ok(
      found.some((f) => f.clause.includes('!(viewItem =~ /:scanning/)')),
      'the Scrub clause is not among those found',
    );
  });

  it('all parse with the operators VS Code has', () => {
    const problems = found.flatMap(({ at, clause }) => {
      const problem = problemOf(clause);
      return problem ? [`${at}: ${problem}`] : [];
    });
    assert.deepEqual(problems, []);
  });
});

describe('the when-clause grammar', () => {
  it('accepts every operator VS Code documents', () => {
    for (const clause of [
      'editorFocus',
      'true',
      '!false',
      '!inDebugMode',
      "resourceExtname == .js && editorLangId === 'javascript'",
      'view != pve.explorer || view !== other',
      'workspaceFolderCount > 1 && workspaceFolderCount >= 2 && gitOpenRepositoryCount < 3 && a <= -1.5',
      'viewItem =~ /^guest:\\w+:running(?!:locked)/ && resourceFilename =~ /docker/i',
      "resourceFilename in ext.supportedFiles && viewItem not in 'ext.hidden'",
      '!(editorReadonly || inDebugMode) && (a || !b)',
      'view == pve.explorer && viewItem =~ /^pool:/ && !(viewItem =~ /:scanning/)',
    ]) {
      assert.equal(problemOf(clause), undefined, clause);
    }
  });

  // Each of these must fail, naming where: the test above is worth only what these prove.
  const rejected: Array<[string, RegExp]> = [
    ['viewItem =~ /^pool:/ && viewItem !~ /:scanning/', /unexpected character '~' at offset 34/],
    ['a !~ /x/', /unexpected character '~' at offset 3/],
    ['(a && b', /expected '\)', found the end of the clause at offset 7/],
    ['a && b)', /expected '&&', '\|\|' or the end of the clause, found '\)' at offset 6/],
    ['!(a', /expected '\)'/],
    ['a &&', /expected a key, true, false, '!' or '\(', found the end of the clause at offset 4/],
    ['a && || b', /found '\|\|' at offset 5/],
    ['a = b', /unexpected character '=' at offset 2/],
    ['a & b', /unexpected character '&'/],
    ['a == ', /expected a value after '=='/],
    ["a =~ 'x'", /expected a \/regular expression\/ after '=~'/],
    ['a =~ /(/', /regular expression does not compile/],
    ['a =~ /x', /unclosed regular expression at offset 5/],
    ["a == 'x", /unclosed quoted string/],
    ['!!a', /expected a key, true, false or '\(' after '!', found '!'/],
    ['!a == b', /found '=='/],
    ['a not b', /expected 'in' after 'not'/],
    ['a>b', /put spaces around '>'/],
    ['', /empty clause/],
  ];
  for (const [clause, message] of rejected) {
    it(`rejects ${JSON.stringify(clause)}`, () => {
      assert.match(problemOf(clause) ?? 'accepted', message);
    });
  }
});
