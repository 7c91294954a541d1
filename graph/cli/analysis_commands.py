"""(commands of this area are added here)"""
