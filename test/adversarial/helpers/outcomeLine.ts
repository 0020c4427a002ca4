/**
 * The line that says how a CLI command ended: the last line of stdout when it succeeded, or the
 * error line (`waymark: <ErrorName>: …`) when it failed, without the `hint:` line that may follow.
 *
 * @param result - The command's exit code and output.
 * @returns That line.
 */
export function outcomeLine(result: { code: number | null; stdout: string; stderr: string }): string {
  const lines = (result.code === 0 ? result.stdout : result.stderr).trim().split("\n");
  return lines.findLast((line) => !line.startsWith("hint: ")) ?? "";
}
