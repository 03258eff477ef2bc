import { defaultTheme } from 'react-admin';

export const theme = {
  ...defaultTheme,
  palette: { ...defaultTheme.palette, primary: { main: '#1f5f8b' }, secondary: { main: '#2d3e50' } },
};
