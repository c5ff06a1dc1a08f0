// Mantine components as typed TanStack Router links (params and search are checked).
import { forwardRef } from "react";
import { Anchor, Button, NavLink, type AnchorProps, type ButtonProps, type NavLinkProps } from "@mantine/core";
import { createLink } from "@tanstack/react-router";

const ButtonA = forwardRef<HTMLAnchorElement, ButtonProps & React.ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Button component="a" ref={ref} {...props} />
));
const AnchorA = forwardRef<HTMLAnchorElement, AnchorProps & React.ComponentPropsWithoutRef<"a">>((props, ref) => (
  <Anchor component="a" ref={ref} {...props} />
));
const NavLinkA = forwardRef<HTMLAnchorElement, NavLinkProps & React.ComponentPropsWithoutRef<"a">>((props, ref) => (
  <NavLink component="a" ref={ref} {...props} />
));

export const ButtonLink = createLink(ButtonA);
export const AnchorLink = createLink(AnchorA);
export const NavLinkLink = createLink(NavLinkA);
