import type { CompilerInput, CompilerOutput, CompilerOutputError } from "hardhat/types/solidity";
import type { HardhatPlugin } from "hardhat/types/plugins";

/**
 * Contract-size warnings: meaningless for test contracts (never deployed to a real chain) and for
 * coverage builds (instrumentation inflates the code).
 */
const SIZE_WARNINGS = [/Contract code size is/, /Contract initcode size is/];

/**
 * Turns solc's warnings about the project's own contracts into errors, so that Hardhat fails the
 * build instead of only printing them.
 *
 * @param input - What solc compiled.
 * @param output - What it answered.
 * @returns The output with those warnings promoted.
 */
export function promoteWarnings(input: CompilerInput, output: CompilerOutput): CompilerOutput {
  // Coverage builds add Hardhat's instrumentation library as a source.
  const coverage = Object.keys(input.sources).some((name) => /coverage/i.test(name));
  const promote = (error: CompilerOutputError): CompilerOutputError => {
    // solc says where a message points; Hardhat's type leaves the field out.
    const file = (error as { sourceLocation?: { file?: string } }).sourceLocation?.file ?? "";
    const sizeOnly = SIZE_WARNINGS.some((pattern) => pattern.test(error.message));
    const excused = sizeOnly && (coverage || file.endsWith(".t.sol"));
    if (error.severity !== "warning" || !file.startsWith("project/contracts/") || excused) return error;
    // Hardhat fails a build on any error whose type is not "Warning".
    const formattedMessage = `${error.formattedMessage ?? error.message}\n(warnings are errors in this project)\n`;
    return { ...error, type: "Error", severity: "error", formattedMessage };
  };
  return output.errors === undefined ? output : { ...output, errors: output.errors.map(promote) };
}

/** The Hardhat plugin that applies {@link promoteWarnings} to every compilation. */
const warningsAsErrors: HardhatPlugin = {
  id: "waymark-warnings-as-errors",
  hookHandlers: {
    solidity: () =>
      Promise.resolve({
        default: () =>
          Promise.resolve({
            invokeSolc: async (context, compiler, input, config, next) =>
              promoteWarnings(input, await next(context, compiler, input, config)),
          }),
      }),
  },
};

export default warningsAsErrors;
