# Import and export of KDC and CQ/DN/CSGD (.xlsx, .csv); filled by the transfer module.
urlpatterns: list = []
