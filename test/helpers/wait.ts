/** The kit's polling helper under the name the tests have always imported. */
export { waitFor } from "../../scripts/kit/wait.js";
