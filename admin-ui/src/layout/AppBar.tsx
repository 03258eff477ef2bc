// react-admin's app bar (title, refresh, language menu) with a user menu that adds
// "My account" (password, sessions) above "Logout".
import ManageAccountsIcon from '@mui/icons-material/ManageAccounts';
import { AppBar as RaAppBar, Logout, MenuItemLink, UserMenu, useUserMenu } from 'react-admin';

function AccountItem() {
  const { onClose } = useUserMenu() ?? {};
  return (
    <MenuItemLink
      to="/account"
      primaryText="chronos.account.title"
      leftIcon={<ManageAccountsIcon />}
      onClick={onClose}
    />
  );
}

export function AppBar() {
  return (
    <RaAppBar
      userMenu={
        <UserMenu>
          <AccountItem />
          <Logout />
        </UserMenu>
      }
    />
  );
}
