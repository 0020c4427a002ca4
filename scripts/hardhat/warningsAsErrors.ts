import type { HardhatPlugin } from "hardhat/types/plugins";

/**
 * Compiler messages that are not the code's fault: contract-size warnings that coverage
 * instrumentation causes, and warnings about the instrumentation library itself.
 */
const COVERAGE_ONLY = [/Contract code size is/, /Contract initcode size is/];

/**
 * A Hardhat plugin that turns every solc warning about the project's own sources into an error,
 * so a build with warnings fails (Hardhat itself only prints them).
 */
const warningsAsErrors: HardhatPlugin = {
  id: "waymark-warnings-as-errors",
  hookHandlers: {
    solidity: async () => ({
      default: async () => ({
        invokeSolc: async (context, compiler, solcInput, solcConfig, next) => {
          const output = await next(context, compiler, solcInput, solcConfig);
          // Coverage builds add Hardhat's instrumentation library as a source.
          const coverage = Object.keys(solcInput.sources).some((name) => /coverage/i.test(name));
          return {
            ...output,
            errors: output.errors?.map((error) => {
              // solc reports where a message points; Hardhat's type leaves the field out.
              const { sourceLocation } = error as { sourceLocation?: { file?: string } };
              const ownSource = sourceLocation?.file?.startsWith("project/contracts/") === true;
              const excused = coverage && COVERAGE_ONLY.some((pattern) => pattern.test(error.message));
              if (error.severity !== "warning" || !ownSource || excused) return error;
              return {
                ...error,
                // Hardhat fails a build on errors whose type is not "Warning".
                type: "Error",
                severity: "error",
                formattedMessage: `${error.formattedMessage ?? error.message}\n(warnings are errors in this project)\n`,
              };
            }),
          };
        },
      }),
    }),
  },
};

export default warningsAsErrors;
