"""thidua: quản lý phong trào thi đua – khen thưởng."""
