declare module "*.css?inline" {
  /** The stylesheet's text, inlined by Vite. */
  const css: string;
  export default css;
}
